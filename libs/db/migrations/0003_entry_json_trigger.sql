-- Builds the official API entry of a version once per write instead of once per read:
-- {"server": <server.json as stored>, "_meta": {"io.modelcontextprotocol.registry/official": {...}}}
-- Metadata keys keep the order of the spec; statusMessage is left out when null; timestamps are
-- RFC 3339 in UTC with milliseconds, as JavaScript's toISOString() writes them.
CREATE FUNCTION hub_server_entry_json() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.entry_json := '{"server":' || NEW.server_json::text
    || ',"_meta":{"io.modelcontextprotocol.registry/official":'
    || json_strip_nulls(json_build_object(
         'status', NEW.status,
         'statusChangedAt', to_char(NEW.status_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'statusMessage', NEW.status_message,
         'publishedAt', to_char(NEW.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'isLatest', NEW.is_latest
       ))::text
    || '}}';
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER server_versions_entry_json BEFORE INSERT OR UPDATE ON server_versions
  FOR EACH ROW EXECUTE FUNCTION hub_server_entry_json();
--> statement-breakpoint
-- Existing rows: an update of any column fires the trigger.
UPDATE server_versions SET entry_json = '';
