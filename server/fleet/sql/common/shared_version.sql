-- What members share besides the data they write: rules set through the API and silences. A
-- change by any member changes this text, and every member reads them again.
SELECT CAST((SELECT COUNT(*) FROM alert_rules) AS TEXT) || ':' || CAST((SELECT COALESCE(MAX(updated_at), 0) FROM alert_rules) AS TEXT)
    || '/' || CAST((SELECT COUNT(*) FROM silences) AS TEXT) || ':' || CAST((SELECT COUNT(expired_by) FROM silences) AS TEXT)
    || ':' || CAST((SELECT COALESCE(MAX(created_at), 0) FROM silences) AS TEXT)
