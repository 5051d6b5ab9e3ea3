-- volunteer_profiles.skill_ids is a copy of the member's rows in volunteer_profile_skills, for the pool
-- search (it tests "has every skill asked for" on the profile row instead of probing an index per
-- candidate). Statement triggers on volunteer_profile_skills keep it equal to those rows after every
-- insert, update, delete and truncate, in the writer's transaction, whoever the writer is.
CREATE FUNCTION "volunteer_profile_skill_ids_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed uuid[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE "volunteer_profiles" SET "skill_ids" = '{}' WHERE "skill_ids" <> '{}';
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "member_id") INTO changed FROM "changed_new";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "member_id") INTO changed FROM "changed_old";
  ELSE
    SELECT array_agg(DISTINCT x."member_id") INTO changed
    FROM (SELECT "member_id" FROM "changed_new" UNION SELECT "member_id" FROM "changed_old") x;
  END IF;
  UPDATE "volunteer_profiles" p SET "skill_ids" = coalesce((
    SELECT array_agg(ps."skill_id" ORDER BY ps."skill_id") FROM "volunteer_profile_skills" ps
    WHERE ps."member_id" = p."member_id"), '{}')
  WHERE p."member_id" = ANY (changed);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "volunteer_profile_skill_ids_inserted" AFTER INSERT ON "volunteer_profile_skills"
  REFERENCING NEW TABLE AS "changed_new" FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_profile_skill_ids_sync"();
--> statement-breakpoint
CREATE TRIGGER "volunteer_profile_skill_ids_updated" AFTER UPDATE ON "volunteer_profile_skills"
  REFERENCING OLD TABLE AS "changed_old" NEW TABLE AS "changed_new" FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_profile_skill_ids_sync"();
--> statement-breakpoint
CREATE TRIGGER "volunteer_profile_skill_ids_deleted" AFTER DELETE ON "volunteer_profile_skills"
  REFERENCING OLD TABLE AS "changed_old" FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_profile_skill_ids_sync"();
--> statement-breakpoint
CREATE TRIGGER "volunteer_profile_skill_ids_truncated" AFTER TRUNCATE ON "volunteer_profile_skills"
  FOR EACH STATEMENT EXECUTE FUNCTION "volunteer_profile_skill_ids_sync"();
--> statement-breakpoint
UPDATE "volunteer_profiles" p SET "skill_ids" = coalesce((
  SELECT array_agg(ps."skill_id" ORDER BY ps."skill_id") FROM "volunteer_profile_skills" ps
  WHERE ps."member_id" = p."member_id"), '{}');
