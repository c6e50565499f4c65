-- 0012: the public tender list in its own order, so a page of it reads
-- 50 index entries instead of sorting every published tender.
CREATE INDEX tenders_public ON tenders(status <> 'published',
	bids_deadline DESC, id DESC)
	WHERE status IN ('published', 'opened', 'awarded');
