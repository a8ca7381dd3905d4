-- One daemon per SQLite file: it always leads. Binds: key (unused).
SELECT CASE WHEN ? IS NULL THEN 1 ELSE 1 END
