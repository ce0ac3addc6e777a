-- The only way a station's database login writes: flat_station_record(events) and
-- flat_station_beat(name, version, at). Installed by `flat-desktop db upgrade` on PostgreSQL after
-- the Alembic revisions (CREATE OR REPLACE, owned by the database owner) and run as the owner
-- (SECURITY DEFINER), so a station login needs no INSERT, UPDATE or DELETE on any table.
--
-- flat_station_apply mirrors flat_desktop/db/ledger.py (apply) for the event types a station makes,
-- and flat_station_record mirrors flat_desktop/sync/conflicts.py; keep them in step
-- (tests/sync/test_station_role.py compares the two on the same scripted work).
--
-- @SCHEMA@ is replaced by the schema Alembic created the tables in (flat_desktop/db/roles.py).
-- A login is bound to its station by its role comment 'flat.station=NAME' (set by `db roles`);
-- only a role with CREATEROLE can change it, so a station cannot pretend to be another one.

CREATE OR REPLACE FUNCTION flat_bound_station() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
    SELECT substr(d, length('flat.station=') + 1)
    FROM pg_roles AS r, shobj_description(r.oid, 'pg_authid') AS d
    WHERE r.rolname = session_user AND d LIKE 'flat.station=%'
$$;

-- The next event seq: the same row-locked counter the Python ledger uses (ledger.next_seq).
CREATE OR REPLACE FUNCTION flat_next_seq() RETURNS bigint
LANGUAGE sql
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
    INSERT INTO counters AS c (name, value) VALUES ('event_seq', 1)
    ON CONFLICT (name) DO UPDATE SET value = c.value + 1
    RETURNING c.value
$$;

CREATE OR REPLACE FUNCTION flat_first_pending(job_id_ integer) RETURNS integer
LANGUAGE sql STABLE
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
    SELECT position FROM job_steps WHERE job_id = job_id_ AND state <> 'done' ORDER BY position LIMIT 1
$$;

-- ledger.apply for the event types a station makes (and the sync_conflict that may follow).
CREATE OR REPLACE FUNCTION flat_station_apply(ev events) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    d jsonb := ev.data;
    j_id integer;
BEGIN
    SELECT id INTO j_id FROM jobs WHERE code = ev.job;
    IF ev.type IN ('job_started', 'step_done', 'job_paused', 'job_resumed', 'job_finished') THEN
        IF j_id IS NULL THEN
            RETURN;
        END IF;
        -- The conflict rule: the worker who did the work by their own hand gets the job back.
        IF ev.type IN ('step_done', 'job_resumed', 'job_finished') AND ev.worker IS NOT NULL THEN
            UPDATE jobs SET assignee = ev.worker WHERE id = j_id;
        END IF;
        -- The work clock (ledger.work_time): it runs from a start or resume to a break or the
        -- finish; a step done adds the time so far.
        IF ev.type IN ('job_started', 'job_resumed') THEN
            UPDATE jobs SET work_clock_at = coalesce(work_clock_at, ev.at) WHERE id = j_id;
        ELSE
            UPDATE jobs SET work_seconds = coalesce(work_seconds, 0)
                                           + CASE WHEN ev.at >= work_clock_at
                                                  THEN extract(epoch FROM ev.at - work_clock_at)::double precision
                                                  ELSE 0 END,
                            work_clock_at = CASE WHEN ev.type = 'step_done' THEN greatest(work_clock_at, ev.at) END
             WHERE id = j_id AND work_clock_at IS NOT NULL;
        END IF;
        IF ev.type = 'job_started' THEN
            UPDATE jobs SET status = 'in_progress',
                            assignee = coalesce(nullif(ev.worker, ''), assignee),
                            started_at = coalesce(started_at, ev.at),
                            current_step = flat_first_pending(j_id)
             WHERE id = j_id;
        ELSIF ev.type = 'step_done' THEN
            UPDATE job_steps SET state = 'done',
                                 done_at = ev.at,
                                 done_by = ev.worker,
                                 count_done = (d ->> 'count')::integer,
                                 prompt_level = d ->> 'prompt_level',
                                 machine = CASE WHEN d ? 'machine' THEN d ->> 'machine' ELSE machine END
             WHERE job_id = j_id AND position = ev.step AND state <> 'done';
            IF FOUND THEN
                UPDATE jobs SET current_step = flat_first_pending(j_id) WHERE id = j_id;
            END IF;
        ELSIF ev.type = 'job_paused' THEN
            UPDATE jobs SET status = 'paused' WHERE id = j_id AND status = 'in_progress';
        ELSIF ev.type = 'job_resumed' THEN
            UPDATE jobs SET status = CASE WHEN status = 'paused' THEN 'in_progress' ELSE status END,
                            current_step = flat_first_pending(j_id)
             WHERE id = j_id;
        ELSE  -- job_finished
            UPDATE jobs SET status = 'done',
                            finished_at = ev.at,
                            current_step = NULL,
                            units_done = CASE WHEN d ? 'units' THEN (d ->> 'units')::integer ELSE quantity END,
                            spoiled = CASE WHEN d ? 'spoiled' THEN (d ->> 'spoiled')::integer ELSE 0 END,
                            machine_in_use = NULL
             WHERE id = j_id;
        END IF;
    ELSIF ev.type IN ('signed_in', 'signed_out') THEN
        UPDATE workers SET present = (ev.type = 'signed_in'),
                           station = CASE WHEN ev.type = 'signed_in' THEN ev.station END
         WHERE code = ev.worker;
    ELSIF ev.type IN ('help_called', 'stuck', 'sync_conflict', 'sync_refused', 'speech_failed') THEN
        INSERT INTO help_calls (event_id, kind, worker, job, step, station, called_at)
        VALUES (ev.id,
                CASE WHEN ev.type = 'stuck' THEN 'stuck' WHEN d ? 'kind' THEN d ->> 'kind' ELSE 'help' END,
                ev.worker, ev.job, ev.step, ev.station, ev.at);
    ELSIF ev.type = 'machine_started' THEN
        UPDATE machines SET in_use_job = ev.job, in_use_by = ev.worker WHERE code = ev.machine;
        IF j_id IS NOT NULL THEN
            UPDATE jobs SET machine_in_use = ev.machine WHERE id = j_id;
            UPDATE job_steps SET machine = ev.machine WHERE job_id = j_id AND position = ev.step;
        END IF;
    ELSIF ev.type = 'machine_stopped' THEN
        UPDATE machines
           SET in_use_job = CASE WHEN in_use_job IS NOT DISTINCT FROM ev.job THEN NULL ELSE in_use_job END,
               in_use_by = CASE WHEN in_use_job IS NOT DISTINCT FROM ev.job THEN NULL ELSE in_use_by END,
               units_total = units_total + coalesce(trunc((d ->> 'units')::numeric)::bigint, 0),
               runs_total = runs_total + 1,
               jams_total = jams_total + CASE WHEN d ->> 'outcome' = 'jam' THEN 1 ELSE 0 END
         WHERE code = ev.machine;
        IF j_id IS NOT NULL THEN
            UPDATE jobs SET machine_in_use = NULL
             WHERE id = j_id AND machine_in_use IS NOT DISTINCT FROM ev.machine;
        END IF;
    ELSE
        RETURN;  -- scan_rejected: stored, changes nothing
    END IF;
    IF j_id IS NOT NULL THEN
        -- One version step per event: the console's optimistic locking sees the change.
        UPDATE jobs SET last_seq = ev.seq, version = version + 1 WHERE id = j_id;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION flat_station_store(
    id_ text, at_ timestamptz, type_ text, station_ text, worker_ text, job_ text, step_ integer,
    machine_ text, data_ jsonb
) RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
DECLARE
    ev events;
BEGIN
    INSERT INTO events (id, seq, at, type, station, worker, job, step, machine, data, recorded_at)
    VALUES (id_, flat_next_seq(), at_, type_, station_, worker_, job_, step_, machine_, data_, clock_timestamp())
    RETURNING * INTO ev;
    PERFORM flat_station_apply(ev);
    RETURN ev.seq;
END
$$;

-- Store a station's events, in order, each exactly once (an id already stored is skipped).
-- Refuses the whole batch (SQLSTATE 42FL1, DETAIL = the event id, HINT = the reason) when an
-- event is not one a station makes, names another station, an unknown or inactive worker, or
-- work on a job the worker never held. Late work on a job the worker no longer holds is stored
-- all the same and followed by a sync_conflict event (sync/conflicts.py).
-- Returns per event: whether it was stored now, whether it conflicted, and the job's last_seq
-- before it (the station copies a job back when the server had events it had not seen).
CREATE OR REPLACE FUNCTION flat_station_record(batch jsonb)
RETURNS TABLE (event text, stored boolean, conflicted boolean, job_seq bigint)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    station_types CONSTANT text[] := ARRAY[
        'signed_in', 'signed_out', 'job_started', 'step_done', 'job_paused', 'job_resumed', 'job_finished',
        'machine_started', 'machine_stopped', 'help_called', 'stuck', 'scan_rejected',
        'sync_refused',  -- a station's report that the server refused one of its events
        'speech_failed'];  -- a station that cannot speak (a quiet alert, with or without a worker)
    work_types CONSTANT text[] := ARRAY[
        'job_started', 'step_done', 'job_paused', 'job_resumed', 'job_finished',
        'machine_started', 'machine_stopped'];
    bound text := flat_bound_station();
    e jsonb;
    v_id text; v_type text; v_station text; v_worker text; v_job text; v_step integer; v_data jsonb;
    j jobs%ROWTYPE;
    j_found boolean;
    w_active boolean;
    why text;
    last_seq_ bigint;
BEGIN
    IF bound IS NULL AND NOT has_table_privilege(session_user, 'events', 'INSERT') THEN
        RAISE EXCEPTION 'this database login is not bound to a station'
            USING ERRCODE = '42FL1', HINT = 'not_bound';
    END IF;
    IF bound IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stations WHERE name = bound AND kind = 'station') THEN
        RAISE EXCEPTION 'station % is not registered', bound USING ERRCODE = '42FL1', HINT = 'unregistered_station';
    END IF;
    FOR e IN SELECT value FROM jsonb_array_elements(batch) LOOP
        v_id := e ->> 'id';
        v_type := e ->> 'type';
        v_station := e ->> 'station';
        v_worker := e ->> 'worker';
        v_job := e ->> 'job';
        v_step := (e ->> 'step')::integer;
        v_data := CASE WHEN jsonb_typeof(e -> 'data') = 'object' THEN e -> 'data' ELSE '{}'::jsonb END;
        SELECT * INTO j FROM jobs WHERE code = v_job;
        j_found := FOUND;
        event := v_id;
        job_seq := CASE WHEN j_found THEN j.last_seq END;
        stored := false;
        conflicted := false;
        IF EXISTS (SELECT 1 FROM events WHERE id = v_id) THEN
            RETURN NEXT;  -- sent before (a resend after a crash): stored once
            CONTINUE;
        END IF;

        why := CASE
            WHEN v_id IS NULL OR v_type IS NULL OR e ->> 'at' IS NULL THEN 'incomplete'
            WHEN NOT v_type = ANY (station_types) THEN 'not_station_event'
            WHEN v_station IS NULL THEN 'no_station'
            WHEN bound IS NOT NULL AND v_station <> bound THEN 'wrong_station'
            WHEN v_worker IS NULL AND v_type NOT IN ('scan_rejected', 'sync_refused', 'speech_failed') THEN 'no_worker'
        END;
        -- A refusal report names whoever the refused event named, known or not.
        IF why IS NULL AND v_worker IS NOT NULL AND v_type <> 'sync_refused' THEN
            SELECT active INTO w_active FROM workers WHERE code = v_worker;
            IF NOT FOUND THEN
                why := 'unknown_worker';
            ELSIF NOT w_active AND v_type <> 'signed_out' THEN
                why := 'inactive_worker';
            END IF;
        END IF;
        IF why IS NULL AND v_type = ANY (work_types) THEN
            IF v_job IS NULL THEN
                why := 'no_job';
            ELSIF NOT j_found THEN
                why := 'unknown_job';
            ELSIF j.assignee IS DISTINCT FROM v_worker AND NOT EXISTS (
                SELECT 1 FROM events
                 WHERE job = v_job AND type = 'job_assigned' AND data ->> 'assignee' = v_worker
            ) THEN
                why := 'never_assigned';
            END IF;
        END IF;
        IF why IS NOT NULL THEN
            RAISE EXCEPTION 'event % (%) refused: %', v_id, coalesce(v_type, '?'), why
                USING ERRCODE = '42FL1', DETAIL = coalesce(v_id, ''), HINT = why;
        END IF;

        -- conflicts.check: did the worker still hold the job here?
        why := NULL;
        IF v_type = ANY (work_types) THEN
            why := CASE
                WHEN j.status = 'cancelled' THEN 'cancelled'
                WHEN j.status = 'delivered' THEN 'delivered'
                WHEN j.status = 'on_hold' THEN 'held'
                WHEN j.assignee IS DISTINCT FROM v_worker THEN
                    CASE WHEN coalesce(j.assignee, '') <> '' THEN 'reassigned' ELSE 'withdrawn' END
            END;
        END IF;

        last_seq_ := flat_station_store(v_id, (e ->> 'at')::timestamptz, v_type, v_station, v_worker, v_job,
                                        v_step, e ->> 'machine', v_data);
        stored := true;
        conflicted := why IS NOT NULL;
        -- conflicts.report: one open alert per job and worker.
        IF why IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM help_calls
             WHERE kind = 'conflict' AND job = v_job AND worker = v_worker AND answered_at IS NULL
        ) THEN
            last_seq_ := flat_station_store(
                gen_random_uuid()::text, clock_timestamp(), 'sync_conflict', v_station, v_worker, v_job, v_step,
                NULL,
                jsonb_build_object(
                    'kind', 'conflict', 'reason', why, 'server_status', j.status,
                    'server_assignee', j.assignee, 'event', v_id, 'event_type', v_type, 'event_at', e ->> 'at'));
        END IF;
        RETURN NEXT;
    END LOOP;
    IF last_seq_ IS NOT NULL THEN
        -- As the Python ledger does at commit: listeners hear the last seq once the events are visible.
        PERFORM pg_notify('flat_events', last_seq_::text);
    END IF;
END
$$;

-- A station's heartbeat. A bound login beats only for its own registered station; a login that
-- may write the tables anyway (console, CLI, owner) may register a station by beating.
CREATE OR REPLACE FUNCTION flat_station_beat(name_ text, version_ text, at_ timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    bound text := flat_bound_station();
BEGIN
    IF bound IS NOT NULL THEN
        IF name_ IS DISTINCT FROM bound THEN
            RAISE EXCEPTION 'this login is station %, not %', bound, name_ USING ERRCODE = '42FL1', HINT = 'wrong_station';
        END IF;
        UPDATE stations SET version = version_, last_seen = at_ WHERE name = bound AND kind = 'station';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'station % is not registered', bound USING ERRCODE = '42FL1', HINT = 'unregistered_station';
        END IF;
    ELSIF has_table_privilege(session_user, 'stations', 'INSERT') THEN
        INSERT INTO stations AS s (name, kind, version, last_seen) VALUES (name_, 'station', version_, at_)
        ON CONFLICT (name) DO UPDATE SET kind = 'station', version = version_, last_seen = at_;
    ELSE
        RAISE EXCEPTION 'this database login is not bound to a station' USING ERRCODE = '42FL1', HINT = 'not_bound';
    END IF;
END
$$;

-- Closing a kiosk station (services/kiosk.py): the PIN of a supervisor is checked here, where the
-- PIN hashes are (a station's login may not read them). The station asks for the salt and scrypt
-- settings of the supervisor's PIN hash (never its digest), makes the digest of the PIN typed,
-- and this compares it, with the console's lockout: five wrong PINs lock the badge for 15
-- minutes (people.MAX_PIN_FAILURES, people.LOCKOUT), each recorded as pin_rejected.
CREATE OR REPLACE FUNCTION flat_station_pin_salt(badge_ text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
    SELECT array_to_string((string_to_array(pin_hash, '$'))[1:5], '$')
      FROM workers
     WHERE badge = badge_ AND role = 'supervisor' AND active AND pin_hash IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION flat_station_unlock(badge_ text, digest_ text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, @SCHEMA@, pg_temp
AS $$
DECLARE
    w workers%ROWTYPE;
    bound text := flat_bound_station();
    locked boolean;
BEGIN
    SELECT * INTO w FROM workers
     WHERE badge = badge_ AND role = 'supervisor' AND active AND pin_hash IS NOT NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 'unknown';
    END IF;
    IF w.locked_until IS NOT NULL AND w.locked_until > clock_timestamp() THEN
        RETURN 'locked ' || ceil(extract(epoch FROM w.locked_until - clock_timestamp()) / 60)::int;
    END IF;
    IF (string_to_array(w.pin_hash, '$'))[6] = lower(digest_) THEN
        UPDATE workers SET pin_failures = 0, locked_until = NULL WHERE id = w.id;
        RETURN 'ok';
    END IF;
    locked := w.pin_failures + 1 >= 5;
    UPDATE workers SET pin_failures = CASE WHEN locked THEN 0 ELSE pin_failures + 1 END,
                       locked_until = CASE WHEN locked THEN clock_timestamp() + interval '15 minutes'
                                           ELSE locked_until END
     WHERE id = w.id;
    PERFORM flat_station_store(gen_random_uuid()::text, clock_timestamp(), 'pin_rejected',
                               coalesce(bound, 'server'), w.code, NULL, NULL, NULL,
                               jsonb_build_object('locked', locked, 'kiosk', true));
    RETURN 'wrong';
END
$$;

REVOKE ALL ON FUNCTION flat_station_pin_salt(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_station_unlock(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_bound_station() FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_next_seq() FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_first_pending(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_station_apply(events) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_station_store(text, timestamptz, text, text, text, text, integer, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_station_record(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION flat_station_beat(text, text, timestamptz) FROM PUBLIC;
