-- The queue's wake-ups come from the database itself: a statement that inserts executor events
-- notifies the executors, one that inserts task jobs notifies the workers, delivered when its
-- transaction commits (and folded into one per channel and transaction by PostgreSQL), so that
-- no writer sends a pg_notify statement of its own (lib/executions/store.ts, notifyOnCommit).
-- One function; each trigger gives it its channel.
CREATE FUNCTION "tenantflow_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ExecutionEvent_notify" AFTER INSERT ON "ExecutionEvent" FOR EACH STATEMENT EXECUTE FUNCTION "tenantflow_notify"('tenantflow_executor');
CREATE TRIGGER "TaskJob_notify" AFTER INSERT ON "TaskJob" FOR EACH STATEMENT EXECUTE FUNCTION "tenantflow_notify"('tenantflow_worker');
