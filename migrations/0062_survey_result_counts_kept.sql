-- The results' counts (survey_result_counts, see surveys/tables.ts) kept by triggers in the transaction that
-- writes the answers, so the results page reads a few rows per question and KV instead of counting every answer.
-- Counts are changed through survey_counts_add, which locks the rows it changes in one fixed order (a KV's
-- respondents first, then its questions), so two transactions counting into the same KV wait, never deadlock.
-- Answers and a response's version are facts once given: changing them is refused, so the counts cannot drift.
-- The tables are locked while the counts are first computed, so no answer slips between count and trigger.
LOCK TABLE "survey_responses", "survey_answers" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE FUNCTION "survey_counts_add"(
  "p_version" uuid[], "p_question" text[], "p_unit" uuid[], "p_option" text[], "p_number" integer[], "p_n" integer[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "survey_result_counts" AS c ("version_id", "question_key", "unit_id", "option", "number_value", "n")
  SELECT d.v, d.q, d.u, d.o, d.x, sum(d.n)::integer
    FROM unnest("p_version", "p_question", "p_unit", "p_option", "p_number", "p_n") AS d(v, q, u, o, x, n)
   GROUP BY d.v, d.q, d.u, d.o, d.x
  HAVING sum(d.n) <> 0
   ORDER BY d.v, d.u, d.q NULLS FIRST, d.o, d.x
  ON CONFLICT ON CONSTRAINT "survey_result_counts_cell_uq" DO UPDATE SET "n" = c."n" + excluded."n";
  -- (A CHECK on n would test the row proposed for insertion, before ON CONFLICT turns it into an update.)
  IF EXISTS (SELECT 1 FROM unnest("p_n") AS d(n) WHERE d.n < 0) THEN
    IF EXISTS (SELECT 1 FROM "survey_result_counts" c WHERE c."version_id" = ANY ("p_version") AND c."n" < 0) THEN
      RAISE EXCEPTION 'survey result counts below zero: they no longer match the answers' USING ERRCODE = 'check_violation';
    END IF;
    DELETE FROM "survey_result_counts" c WHERE c."version_id" = ANY ("p_version") AND c."n" = 0;
  END IF;
END
$$;
--> statement-breakpoint
-- Everything a set of responses counts for, each under the KV and with the sign given: the responses, their
-- answers with an option or a number, and once per question they answered.
CREATE FUNCTION "survey_response_counts"("p_ids" uuid[], "p_units" uuid[], "p_signs" integer[])
RETURNS TABLE ("d_version" uuid, "d_question" text, "d_unit" uuid, "d_option" text, "d_number" integer, "d_n" integer)
LANGUAGE sql AS $$
  WITH m AS (SELECT * FROM unnest("p_ids", "p_units", "p_signs") AS m(id, unit_id, sign))
  SELECT r."version_id", NULL::text, m.unit_id, NULL::text, NULL::integer, m.sign
    FROM m JOIN "survey_responses" r ON r."id" = m.id
  UNION ALL
  SELECT a."version_id", a."question_key", m.unit_id, a."option", a."number_value", m.sign
    FROM m JOIN "survey_answers" a ON a."response_id" = m.id
   WHERE a."option" IS NOT NULL OR a."number_value" IS NOT NULL
  UNION ALL
  SELECT p."version_id", p."question_key", m.unit_id, NULL, NULL, m.sign
    FROM m JOIN (SELECT DISTINCT "response_id", "version_id", "question_key" FROM "survey_answers"
                  WHERE "response_id" = ANY ("p_ids")) p ON p."response_id" = m.id
$$;
--> statement-breakpoint
CREATE FUNCTION "survey_responses_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "survey_counts_add"(array_agg(d.v), array_agg(d.q), array_agg(d.u), array_agg(d.o), array_agg(d.x), array_agg(d.n))
      FROM (SELECT "version_id" AS v, NULL::text AS q, "unit_id" AS u, NULL::text AS o, NULL::integer AS x, count(*)::integer AS n
              FROM "added" GROUP BY "version_id", "unit_id") d;
  ELSIF TG_OP = 'UPDATE' THEN
    -- A response that moves to another KV (a merge) takes everything it counts for along.
    PERFORM "survey_counts_add"(array_agg(c."d_version"), array_agg(c."d_question"), array_agg(c."d_unit"),
                                array_agg(c."d_option"), array_agg(c."d_number"), array_agg(c."d_n"))
      FROM (SELECT array_agg(m.id) AS ids, array_agg(m.unit_id) AS units, array_agg(m.sign) AS signs
              FROM (SELECT f."id", f."unit_id", -1 AS sign FROM "moved_from" f JOIN "moved_to" t ON t."id" = f."id"
                     WHERE f."unit_id" IS DISTINCT FROM t."unit_id"
                    UNION ALL
                    SELECT t."id", t."unit_id", 1 FROM "moved_from" f JOIN "moved_to" t ON t."id" = f."id"
                     WHERE f."unit_id" IS DISTINCT FROM t."unit_id") m) s,
           LATERAL "survey_response_counts"(s.ids, s.units, s.signs) c;
  ELSE
    -- Before a response is deleted, with its answers still there: it no longer counts. (The answers' own
    -- trigger then finds no response to count them for.)
    PERFORM "survey_counts_add"(array_agg(c."d_version"), array_agg(c."d_question"), array_agg(c."d_unit"),
                                array_agg(c."d_option"), array_agg(c."d_number"), array_agg(c."d_n"))
      FROM "survey_response_counts"(ARRAY[OLD."id"], ARRAY[OLD."unit_id"], ARRAY[-1]) c;
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "survey_answers_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "survey_counts_add"(array_agg(d.v), array_agg(d.q), array_agg(d.u), array_agg(d.o), array_agg(d.x), array_agg(d.n))
      FROM (SELECT a."version_id" AS v, a."question_key" AS q, r."unit_id" AS u, a."option" AS o, a."number_value" AS x,
                   count(*)::integer AS n
              FROM "added" a JOIN "survey_responses" r ON r."id" = a."response_id"
             WHERE a."option" IS NOT NULL OR a."number_value" IS NOT NULL
             GROUP BY a."version_id", a."question_key", r."unit_id", a."option", a."number_value"
            UNION ALL
            -- A respondent of the question: a response all of whose answers to it came with this statement
            -- (counted as sets, so a bulk insert is joined once, not looked up pair by pair).
            SELECT p."version_id", p."question_key", r."unit_id", NULL, NULL, count(*)::integer
              FROM (SELECT "response_id", "version_id", "question_key", count(*) AS k FROM "added"
                     GROUP BY "response_id", "version_id", "question_key") p
              JOIN (SELECT e."response_id", e."version_id", e."question_key", count(*) AS k FROM "survey_answers" e
                     WHERE e."response_id" IN (SELECT "response_id" FROM "added")
                     GROUP BY e."response_id", e."version_id", e."question_key") t
                ON t."response_id" = p."response_id" AND t."version_id" = p."version_id"
               AND t."question_key" = p."question_key" AND t.k = p.k
              JOIN "survey_responses" r ON r."id" = p."response_id"
             GROUP BY p."version_id", p."question_key", r."unit_id") d;
  ELSE
    PERFORM "survey_counts_add"(array_agg(d.v), array_agg(d.q), array_agg(d.u), array_agg(d.o), array_agg(d.x), array_agg(d.n))
      FROM (SELECT a."version_id" AS v, a."question_key" AS q, r."unit_id" AS u, a."option" AS o, a."number_value" AS x,
                   -count(*)::integer AS n
              FROM "removed" a JOIN "survey_responses" r ON r."id" = a."response_id"
             WHERE a."option" IS NOT NULL OR a."number_value" IS NOT NULL
             GROUP BY a."version_id", a."question_key", r."unit_id", a."option", a."number_value"
            UNION ALL
            -- No longer a respondent of the question: a response with no answer to it left.
            SELECT p."version_id", p."question_key", r."unit_id", NULL, NULL, -count(*)::integer
              FROM (SELECT DISTINCT "response_id", "version_id", "question_key" FROM "removed") p
              JOIN "survey_responses" r ON r."id" = p."response_id"
             WHERE NOT EXISTS (SELECT 1 FROM "survey_answers" e WHERE e."response_id" = p."response_id"
                                  AND e."version_id" = p."version_id" AND e."question_key" = p."question_key")
             GROUP BY p."version_id", p."question_key", r."unit_id") d;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "survey_answers_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'survey answers are not changed once given (a free text may only be cleared): % on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;
--> statement-breakpoint
CREATE FUNCTION "survey_counts_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'survey_answers' THEN
    DELETE FROM "survey_result_counts" WHERE "question_key" IS NOT NULL;
  ELSE
    DELETE FROM "survey_result_counts";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
INSERT INTO "survey_result_counts" ("version_id", "question_key", "unit_id", "option", "number_value", "n")
SELECT "version_id", NULL, "unit_id", NULL, NULL, count(*)::integer FROM "survey_responses" GROUP BY "version_id", "unit_id"
UNION ALL
SELECT a."version_id", a."question_key", r."unit_id", a."option", a."number_value", count(*)::integer
  FROM "survey_answers" a JOIN "survey_responses" r ON r."id" = a."response_id"
 WHERE a."option" IS NOT NULL OR a."number_value" IS NOT NULL
 GROUP BY a."version_id", a."question_key", r."unit_id", a."option", a."number_value"
UNION ALL
SELECT a."version_id", a."question_key", r."unit_id", NULL, NULL, count(DISTINCT a."response_id")::integer
  FROM "survey_answers" a JOIN "survey_responses" r ON r."id" = a."response_id"
 GROUP BY a."version_id", a."question_key", r."unit_id";
--> statement-breakpoint
CREATE TRIGGER "survey_responses_counted_insert" AFTER INSERT ON "survey_responses"
  REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "survey_responses_counted"();
--> statement-breakpoint
CREATE TRIGGER "survey_responses_counted_update" AFTER UPDATE ON "survey_responses"
  REFERENCING OLD TABLE AS "moved_from" NEW TABLE AS "moved_to" FOR EACH STATEMENT EXECUTE FUNCTION "survey_responses_counted"();
--> statement-breakpoint
CREATE TRIGGER "survey_responses_counted_delete" BEFORE DELETE ON "survey_responses"
  FOR EACH ROW EXECUTE FUNCTION "survey_responses_counted"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_counted_insert" AFTER INSERT ON "survey_answers"
  REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "survey_answers_counted"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_counted_delete" AFTER DELETE ON "survey_answers"
  REFERENCING OLD TABLE AS "removed" FOR EACH STATEMENT EXECUTE FUNCTION "survey_answers_counted"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_fixed" BEFORE UPDATE OF "response_id", "version_id", "question_key", "option", "number_value"
  ON "survey_answers" FOR EACH ROW
  WHEN ((OLD."response_id", OLD."version_id", OLD."question_key", OLD."option", OLD."number_value")
        IS DISTINCT FROM (NEW."response_id", NEW."version_id", NEW."question_key", NEW."option", NEW."number_value"))
  EXECUTE FUNCTION "survey_answers_fixed"();
--> statement-breakpoint
CREATE TRIGGER "survey_responses_version_fixed" BEFORE UPDATE OF "version_id", "survey_id" ON "survey_responses" FOR EACH ROW
  WHEN ((OLD."version_id", OLD."survey_id") IS DISTINCT FROM (NEW."version_id", NEW."survey_id"))
  EXECUTE FUNCTION "survey_answers_fixed"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_counts_truncated" AFTER TRUNCATE ON "survey_answers"
  FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_truncated"();
--> statement-breakpoint
CREATE TRIGGER "survey_responses_counts_truncated" AFTER TRUNCATE ON "survey_responses"
  FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_truncated"();
