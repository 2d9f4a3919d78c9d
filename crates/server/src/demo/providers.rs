//! Demo providers, in the spirit of the original service's partners: account threat notification,
//! DMARC and protective DNS, cyber ranges and e-learning, phishing awareness, incident response and
//! ransomware recovery, vulnerability assessment.

use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::{Delivery, EmailAddress, RequesterKind, ServiceCategory, VettingState};
use c4h_storage::model::{NewOffering, NewOfferingText, NewProvider, SeedData};

use super::{country, language, languages};

struct Offer<'a> {
    key: &'a str,
    category: ServiceCategory,
    delivery: Delivery,
    capacity: u32,
    hours: u32,
    speaks: &'a [&'a str],
    serves: &'a [&'a str],
    /// Empty means every kind of requester.
    for_kinds: &'a [RequesterKind],
    active: bool,
    /// (language, title, description)
    texts: &'a [(&'a str, &'a str, &'a str)],
}

fn provider(
    data: &mut SeedData,
    name: &str,
    home: &str,
    vetting: VettingState,
    about: &str,
    offers: &[Offer<'_>],
) {
    let id = ProviderId::from_name(name);
    data.providers.push(NewProvider {
        id,
        name: format!("{name} (demo)"),
        home_country: country(home),
        website: Some(format!("https://{}.example", name.to_lowercase().replace(' ', "-"))),
        description: format!("{about} Demo data: this provider does not exist."),
        contact_email: Some(
            EmailAddress::parse(&format!(
                "contact@{}.example",
                name.to_lowercase().replace(' ', "-")
            ))
            .expect("demo addresses are valid"),
        ),
        contact_phone: None,
        contact_language: None,
        services_offered: offers.iter().map(|o| o.category).collect(),
        vetting,
        // Applying means taking the pledges; the database requires them of vetted providers.
        pledges_taken: true,
        capacity: None,
    });
    for offer in offers {
        data.offerings.push(NewOffering {
            id: OfferingId::from_name(&format!("{name}/{}", offer.key)),
            provider_id: id,
            category: offer.category,
            delivery: offer.delivery,
            capacity: offer.capacity,
            response_time_hours: offer.hours,
            active: offer.active,
            texts: offer
                .texts
                .iter()
                .map(|(tag, title, description)| NewOfferingText {
                    language: language(tag),
                    title: (*title).to_owned(),
                    description: (*description).to_owned(),
                })
                .collect(),
            languages: languages(offer.speaks),
            regions: offer.serves.iter().map(|region| (*region).to_owned()).collect(),
            requester_kinds: if offer.for_kinds.is_empty() {
                RequesterKind::ALL.to_vec()
            } else {
                offer.for_kinds.to_vec()
            },
        });
    }
}

pub fn add(data: &mut SeedData) {
    use Delivery::{Both, OnSite, Remote};
    use ServiceCategory as C;
    use VettingState::{Applied, Suspended, Vetted};
    let clinical = [
        RequesterKind::Hospital,
        RequesterKind::CareFacility,
        RequesterKind::Clinic,
        RequesterKind::Laboratory,
    ];

    provider(
        data,
        "Northlight Account Watch",
        "US",
        Vetted,
        "Watches e-mail accounts for nation-state and criminal attacks.",
        &[Offer {
            key: "account-watch",
            category: C::AccountProtection,
            delivery: Remote,
            capacity: 40,
            hours: 24,
            speaks: &["en", "fr", "es"],
            serves: &["001"],
            for_kinds: &[],
            active: true,
            texts: &[
                (
                    "en",
                    "Threat notification for e-mail accounts",
                    "We tell you when your staff's e-mail accounts are targeted or compromised, and how to respond.",
                ),
                (
                    "fr",
                    "Alerte de menace sur les comptes de messagerie",
                    "Nous vous prévenons quand les comptes de messagerie de votre personnel sont visés ou compromis, et vous disons comment réagir.",
                ),
            ],
        }],
    );
    provider(
        data,
        "Open Mail Trust Collective",
        "GB",
        Vetted,
        "Volunteers who secure e-mail domains.",
        &[
            Offer {
                key: "dmarc",
                category: C::EmailSecurity,
                delivery: Remote,
                capacity: 12,
                hours: 48,
                speaks: &["en", "fr"],
                serves: &["150", "002"],
                for_kinds: &[],
                active: true,
                texts: &[
                    (
                        "en",
                        "DMARC deployment",
                        "We set up SPF, DKIM and DMARC on your domain so that nobody can send e-mail in your name.",
                    ),
                    (
                        "fr",
                        "Déploiement de DMARC",
                        "Nous configurons SPF, DKIM et DMARC sur votre domaine pour que personne ne puisse envoyer de courriels en votre nom.",
                    ),
                ],
            },
            Offer {
                key: "protective-dns",
                category: C::NetworkSecurity,
                delivery: Remote,
                capacity: 30,
                hours: 72,
                speaks: &["en"],
                serves: &["001"],
                for_kinds: &[],
                active: true,
                texts: &[(
                    "en",
                    "Protective DNS and a toolkit for small organisations",
                    "A filtering DNS service that blocks known malicious domains, with a step-by-step toolkit for small teams.",
                )],
            },
        ],
    );
    provider(
        data,
        "Baltic Range Lab",
        "EE",
        Vetted,
        "Cyber ranges and exercises for hospital IT teams.",
        &[
            Offer {
                key: "range",
                category: C::CyberExercise,
                delivery: Both,
                capacity: 4,
                hours: 72,
                speaks: &["en", "et", "ru"],
                serves: &["150"],
                for_kinds: &clinical,
                active: true,
                texts: &[(
                    "en",
                    "Cyber range training",
                    "Your IT team practises handling a realistic hospital incident in a safe, simulated network.",
                )],
            },
            Offer {
                key: "e-learning",
                category: C::SecurityAwareness,
                delivery: Remote,
                capacity: 50,
                hours: 72,
                speaks: &["en", "et"],
                serves: &["001"],
                for_kinds: &[],
                active: false,
                texts: &[(
                    "en",
                    "Cyber-hygiene e-learning",
                    "Short online courses for all staff. Paused while the course is updated.",
                )],
            },
        ],
    );
    provider(
        data,
        "Phishwise Volunteers",
        "NL",
        Vetted,
        "Phishing-awareness training by volunteers.",
        &[Offer {
            key: "phishing",
            category: C::SecurityAwareness,
            delivery: Remote,
            capacity: 10,
            hours: 48,
            speaks: &["nl", "en", "de"],
            serves: &["150"],
            for_kinds: &[],
            active: true,
            texts: &[
                (
                    "en",
                    "Phishing-awareness training",
                    "Simulated phishing campaigns and short lessons that teach staff to spot and report phishing.",
                ),
                (
                    "nl",
                    "Training phishingbewustzijn",
                    "Gesimuleerde phishingcampagnes en korte lessen voor alle medewerkers.",
                ),
            ],
        }],
    );
    provider(
        data,
        "Sentinel Response Team",
        "FR",
        Vetted,
        "Incident responders who volunteer for healthcare.",
        &[
            Offer {
                key: "ir",
                category: C::IncidentResponse,
                delivery: Both,
                capacity: 3,
                hours: 2,
                speaks: &["fr", "en"],
                serves: &["FR", "BE", "CH", "LU", "SN", "CI"],
                for_kinds: &[],
                active: true,
                texts: &[
                    (
                        "fr",
                        "Réponse aux incidents",
                        "Une équipe d’intervention vous aide à contenir une attaque, à comprendre ce qui s’est passé et à redémarrer.",
                    ),
                    (
                        "en",
                        "Incident response",
                        "A response team helps you contain an attack, understand what happened and get running again.",
                    ),
                ],
            },
            Offer {
                key: "ransomware",
                category: C::RansomwareRecovery,
                delivery: Both,
                capacity: 2,
                hours: 4,
                speaks: &["fr", "en"],
                serves: &["150", "002"],
                for_kinds: &[],
                active: true,
                texts: &[
                    (
                        "fr",
                        "Reprise après rançongiciel",
                        "Analyse du rançongiciel, restauration depuis les sauvegardes et durcissement pour éviter une nouvelle infection.",
                    ),
                    (
                        "en",
                        "Ransomware recovery",
                        "Ransomware analysis, restoring from backups and hardening against reinfection.",
                    ),
                ],
            },
        ],
    );
    provider(
        data,
        "Vulnscope Health",
        "DE",
        Vetted,
        "Vulnerability assessment for clinical networks.",
        &[
            Offer {
                key: "assessment",
                category: C::VulnerabilityAssessment,
                delivery: Remote,
                capacity: 5,
                hours: 72,
                speaks: &["de", "en"],
                serves: &["150"],
                for_kinds: &[],
                active: true,
                texts: &[
                    (
                        "en",
                        "External vulnerability assessment",
                        "We scan what your organisation exposes to the Internet and explain what to fix first.",
                    ),
                    (
                        "de",
                        "Externe Schwachstellenanalyse",
                        "Wir prüfen, was Ihre Organisation im Internet offenlegt, und erklären, was zuerst zu beheben ist.",
                    ),
                ],
            },
            Offer {
                key: "devices",
                category: C::MedicalDeviceSecurity,
                delivery: OnSite,
                capacity: 1,
                hours: 72,
                speaks: &["de", "en"],
                serves: &["DE", "AT", "CH"],
                for_kinds: &clinical,
                active: true,
                texts: &[(
                    "en",
                    "Medical-device network review",
                    "On-site review of how infusion pumps, imaging and monitors are connected and segmented.",
                )],
            },
        ],
    );
    provider(
        data,
        "Harbour Security Cooperative",
        "ES",
        Applied,
        "A new cooperative that has applied and awaits vetting.",
        &[Offer {
            key: "advice",
            category: C::SecurityAdvisory,
            delivery: Remote,
            capacity: 5,
            hours: 48,
            speaks: &["es", "en"],
            serves: &["ES", "PT"],
            for_kinds: &[],
            active: true,
            texts: &[(
                "es",
                "Asesoramiento en seguridad",
                "Asesoramiento para pequeñas organizaciones sanitarias.",
            )],
        }],
    );
    provider(
        data,
        "Quiet Current Security",
        "IT",
        Suspended,
        "Suspended: its offerings are withdrawn from matching.",
        &[Offer {
            key: "backup",
            category: C::BackupContinuity,
            delivery: Remote,
            capacity: 5,
            hours: 48,
            speaks: &["it"],
            serves: &["IT"],
            for_kinds: &[],
            active: true,
            texts: &[(
                "it",
                "Backup e continuità",
                "Revisione dei backup e dei piani di continuità.",
            )],
        }],
    );
}
