-- A beneficiary's own hour budget, when a coordinator extended it; NULL: the service's default
-- (hour_budget_hours). The PostgreSQL tree has a file of the same name with the same shapes.
ALTER TABLE organisations ADD COLUMN hour_budget_hours INTEGER
    CHECK (hour_budget_hours BETWEEN 1 AND 100000);
