// The public catalogue, shared by both backends (see store_impl.rs for how this file is
// compiled). The query is assembled from fixed fragments, one per filter present, with every
// value bound: a filter that is absent adds nothing, so each query the database plans names only
// the conditions it has, and every one of them is served by an index.

/// Pushes ` FROM … WHERE …` for the offerings the public may see and the query's filters.
fn visible(builder: &mut QueryBuilder<Db>, query: &CatalogueQuery) {
    builder.push(
        " FROM offerings o JOIN providers p ON p.id = o.provider_id \
         WHERE o.active = TRUE AND p.vetting_state = 'vetted' \
         AND (p.paused_until IS NULL OR p.paused_until <= ",
    );
    builder.push_bind(DbTime::new(query.now)).push(")");
    if let Some(category) = query.category {
        builder.push(" AND o.category = ").push_bind(category.as_str());
    }
    if let Some(kind) = query.requester_kind {
        builder.push(
            " AND EXISTS (SELECT 1 FROM offering_requester_kinds k WHERE k.offering_id = o.id AND k.kind = ",
        );
        builder.push_bind(kind.as_str()).push(")");
    }
    if let Some(language) = &query.speaks {
        builder.push(
            " AND EXISTS (SELECT 1 FROM offering_languages l WHERE l.offering_id = o.id AND l.language = ",
        );
        builder.push_bind(language.as_str().to_owned()).push(")");
    }
    if let Some(region) = query.serves {
        let codes = match region {
            Region::Country(country) => Region::codes_covering(country),
            Region::M49(region) => vec![region.as_str(), M49Region::World.as_str()],
        };
        builder.push(
            " AND EXISTS (SELECT 1 FROM offering_regions r WHERE r.offering_id = o.id AND r.region IN (",
        );
        let mut list = builder.separated(", ");
        for code in codes {
            list.push_bind(code);
        }
        builder.push("))");
    }
    if let Some(text) = query.text.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
        let pattern = like_pattern(text);
        builder.push(" AND (lower(p.name) LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
        builder.push(
            " OR EXISTS (SELECT 1 FROM offering_texts s WHERE s.offering_id = o.id AND s.search_text LIKE ",
        );
        builder.push_bind(pattern).push(" ESCAPE '\\'))");
    }
}

/// `%words%`, lower-cased, with LIKE's wildcards in the words escaped.
fn like_pattern(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

const CATALOGUE_COLUMNS: &str = "SELECT o.id AS offering_id, p.id AS provider_id, \
    p.name AS provider_name, p.home_country AS provider_country, o.category, o.delivery, \
    o.capacity, o.response_time_hours";

fn catalogue_page(query: &CatalogueQuery) -> QueryBuilder<Db> {
    let mut builder = QueryBuilder::<Db>::new(CATALOGUE_COLUMNS);
    visible(&mut builder, query);
    builder.push(" ORDER BY ").push(catalogue::category_rank());
    builder.push(", lower(p.name), o.id LIMIT ");
    builder.push_bind(i64::from(query.limit)).push(" OFFSET ").push_bind(i64::from(query.offset));
    builder
}

/// Reads the texts and lists of `ids` and joins them to `rows`.
async fn with_lists(
    pool: &PoolOf,
    rows: Vec<CatalogueScalars>,
    language: &LanguageTag,
) -> Result<Vec<CatalogueEntry>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<DbId> = rows.iter().map(|row| DbId::from(row.offering_id)).collect();
    let mut lists = catalogue::Lists::default();
    let mut texts = QueryBuilder::<Db>::new(
        "SELECT offering_id, language, title, description FROM offering_texts WHERE offering_id IN (",
    );
    let mut separated = texts.separated(", ");
    for id in &ids {
        separated.push_bind(*id);
    }
    texts.push(")");
    let found: Vec<(DbId, String, String, String)> = texts.build_query_as().fetch_all(pool).await?;
    for (id, language, title, description) in found {
        let text = catalogue::Text { language, title, description };
        lists.texts.entry(OfferingId::from_uuid(id.0)).or_default().push(text);
    }
    for (table, column) in [
        ("offering_languages", "language"),
        ("offering_regions", "region"),
        ("offering_requester_kinds", "kind"),
    ] {
        let mut builder = QueryBuilder::<Db>::new(format!(
            "SELECT offering_id, {column} FROM {table} WHERE offering_id IN ("
        ));
        let mut separated = builder.separated(", ");
        for id in &ids {
            separated.push_bind(*id);
        }
        builder.push(")");
        let values: Vec<(DbId, String)> = builder.build_query_as().fetch_all(pool).await?;
        let list = match table {
            "offering_languages" => &mut lists.languages,
            "offering_regions" => &mut lists.regions,
            _ => &mut lists.kinds,
        };
        for (id, value) in values {
            list.entry(OfferingId::from_uuid(id.0)).or_default().push(value);
        }
    }
    catalogue::assemble(rows, lists, language)
}

#[async_trait]
impl CatalogueStore for ThisStore {
    async fn catalogue(&self, query: &CatalogueQuery) -> Result<Page<CatalogueEntry>, StoreError> {
        let rows: Vec<CatalogueRow> =
            catalogue_page(query).build_query_as().fetch_all(&self.pool).await?;
        let rows =
            rows.into_iter().map(CatalogueScalars::try_from).collect::<Result<Vec<_>, _>>()?;
        let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*)");
        visible(&mut count, query);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let items = with_lists(&self.pool, rows, &query.language).await?;
        Ok(Page { items, total: u64::try_from(total).unwrap_or(0) })
    }

    async fn catalogue_offering(
        &self,
        id: OfferingId,
        language: &LanguageTag,
        now: OffsetDateTime,
    ) -> Result<Option<CatalogueEntry>, StoreError> {
        let query = CatalogueQuery::all(language.clone(), now, 1);
        let mut builder = QueryBuilder::<Db>::new(CATALOGUE_COLUMNS);
        visible(&mut builder, &query);
        builder.push(" AND o.id = ").push_bind(DbId::from(id));
        let rows: Vec<CatalogueRow> = builder.build_query_as().fetch_all(&self.pool).await?;
        let rows =
            rows.into_iter().map(CatalogueScalars::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(with_lists(&self.pool, rows, language).await?.pop())
    }

    async fn catalogue_categories(
        &self,
        now: OffsetDateTime,
    ) -> Result<Vec<(ServiceCategory, u64)>, StoreError> {
        let query = CatalogueQuery::all(LanguageTag::parse("en").expect("valid"), now, 0);
        let mut builder = QueryBuilder::<Db>::new("SELECT o.category, COUNT(*)");
        visible(&mut builder, &query);
        builder.push(" GROUP BY o.category");
        let rows: Vec<(String, i64)> = builder.build_query_as().fetch_all(&self.pool).await?;
        let mut counts = rows
            .into_iter()
            .map(|(category, count)| {
                let category = ServiceCategory::parse(&category)
                    .map_err(|e| StoreError::Corrupt(format!("offering category: {e}")))?;
                Ok((category, u64::try_from(count).unwrap_or(0)))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        counts.sort();
        Ok(counts)
    }

    async fn catalogue_plan(&self, query: &CatalogueQuery) -> Result<String, StoreError> {
        let mut builder = QueryBuilder::<Db>::new(dialect::EXPLAIN);
        builder.push(CATALOGUE_COLUMNS);
        visible(&mut builder, query);
        builder.push(" ORDER BY ").push(catalogue::category_rank());
        builder.push(", lower(p.name), o.id LIMIT ");
        builder
            .push_bind(i64::from(query.limit))
            .push(" OFFSET ")
            .push_bind(i64::from(query.offset));
        let rows = builder.build().fetch_all(&self.pool).await?;
        Ok(plan_text(&rows))
    }
}
