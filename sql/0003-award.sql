-- 0003: what the award leaves for the contracts: the view
-- lot_ready_for_contracts lists, per lot of a tender whose award decision
-- has been published, the providers chosen for its framework in ranked
-- order, with the last day of the standstill period.
--
-- A lot is ready for contracts once its standstill period has run out,
-- i.e. on the day after standstill_end (Europe/Helsinki). SQLite's
-- date('now') knows neither the Helsinki time zone nor the portal's test
-- clock, so the caller passes today's Helsinki date (award_helsinki_date
-- of r->now, as 'YYYY-MM-DD'; award_ready_for_contracts in award.h is the
-- same rule in C):
--
--   SELECT lot_id, org_id, rank FROM lot_ready_for_contracts
--   WHERE tender_id = ?1 AND standstill_end < ?2 ORDER BY lot_number, rank;
CREATE VIEW lot_ready_for_contracts AS
SELECT t.id AS tender_id, l.id AS lot_id, l.number AS lot_number,
	d.standstill_end AS standstill_end, ar.submission_id AS submission_id,
	b.org_id AS org_id, ar.rank AS rank, ar.total_x100 AS total_x100,
	sl.price_cents AS price_cents
FROM award_decisions d
JOIN tenders t ON t.id = d.tender_id AND t.status = 'awarded'
JOIN lots l ON l.tender_id = t.id
JOIN award_ranks ar ON ar.lot_id = l.id AND ar.selected = 1
JOIN bid_submissions s ON s.id = ar.submission_id
JOIN bids b ON b.id = s.bid_id
JOIN submission_lots sl ON sl.submission_id = s.id AND sl.lot_id = l.id;
