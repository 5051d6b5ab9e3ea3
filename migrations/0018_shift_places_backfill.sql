-- The places taken on each shift: its confirmed sign-ups.
UPDATE "help_shifts" s SET "taken" = (
  SELECT count(*) FROM "help_signups" g WHERE g."shift_id" = s."id" AND g."status" = 'confirmed'
);
