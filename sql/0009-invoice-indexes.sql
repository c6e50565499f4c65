-- 0009: indexes for making invoices (src/invoice_make.c). An invoice's
-- lines are its contract's placements in client reference order, each
-- with its present days of the month: placements_contract gives the
-- placements in that order (id last, so ties need no sort either), for
-- one contract or for every contract at month-end, and
-- attendance_placement_status counts a placement's present days of a month from
-- the index alone. Without them every invoice read all placements, and
-- month-end read every attendance row.
CREATE INDEX placements_contract ON placements(contract_id, client_ref, id);
CREATE INDEX attendance_placement_status ON attendance(placement_id, status, day);
