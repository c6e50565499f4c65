-- Demo layer 6 (after layer 5): work waiting on the role dashboards of
-- the front page.
-- An opened tender whose bids are being evaluated: one bid qualified and
-- scored, one half qualified, one not looked at yet (the officer's "bids
-- to evaluate": 2). An awarded tender whose standstill period runs (its
-- end moved past a weekend; holidays are not looked at here). A new
-- client waiting for Puutyöpaja Kanerva's confirmation. Receipt hashes
-- are SHA-256 over each submission's canonical text (src/bid.c). Dates
-- are relative to the moment the demo is loaded.
INSERT INTO tenders(id, status, title_fi, title_sv, description_fi,
	contract_start, contract_end, extension_options, questions_deadline,
	bids_deadline, created_by, created_at, published_at, opened_at,
	opened_by, awarded_at)
VALUES (601, 'opened', 'Kuntouttava työtoiminta Keski-Karjalassa',
	'Arbetsverksamhet i rehabiliteringssyfte i Mellersta Karelen',
	'Työtoimintapaikat Kiteen, Tohmajärven ja Rääkkylän alueelle.',
	date('now', '+60 days'), date('now', '+425 days'), '1 vuosi',
	unixepoch('now', '-15 days'), unixepoch('now', '-5 days'), 2,
	unixepoch('now', '-45 days'), unixepoch('now', '-40 days'),
	unixepoch('now', '-4 days'), 2, NULL),
(602, 'awarded', 'Kuntouttava työtoiminta ja tuki, Outokumpu 2027',
	'Arbetsverksamhet och stöd, Outokumpu 2027',
	'Työtoiminta ja sosiaalialan ammatillinen tuki Outokummun alueella.',
	date('now', '+45 days'), date('now', '+410 days'), '',
	unixepoch('now', '-40 days'), unixepoch('now', '-30 days'), 2,
	unixepoch('now', '-70 days'), unixepoch('now', '-60 days'),
	unixepoch('now', '-29 days'), 2, unixepoch('now', '-3 days'));
INSERT INTO lots(id, tender_id, number, title, service_type_id, form,
	est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight)
VALUES (611, 601, 1, 'Työtoimintapaikka ja ohjaus', 1, 'both', 5000, 'fixed', 1009, NULL, 0),
	(612, 602, 1, 'Työtoiminta ja sosiaalialan ammatillinen tuki', 2, 'individual', 1500, 'bid', NULL, 3500, 40);
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 611, id FROM municipalities WHERE name_fi IN ('Kitee', 'Tohmajärvi', 'Rääkkylä');
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 612, id FROM municipalities WHERE name_fi = 'Outokumpu';
INSERT INTO criteria(id, lot_id, number, description_fi, description_sv, max_points) VALUES
(621, 611, 1, 'Työtehtävien monipuolisuus ja ohjaus', 'Arbetsuppgifternas mångsidighet och handledning', 60),
(622, 611, 2, 'Saavutettavuus ja sijainti', 'Tillgänglighet och läge', 40),
(623, 612, 1, 'Sosiaalialan ammatillisen tuen sisältö', 'Innehållet i det yrkesmässiga stödet', 60);
INSERT INTO requirements(id, tender_id, number, text_fi, text_sv, needs_attachment) VALUES
(631, 601, 1, 'Tarjoaja on merkitty kaupparekisteriin tai yhdistysrekisteriin.', 'Anbudsgivaren är antecknad i handelsregistret eller föreningsregistret.', 0),
(632, 601, 2, 'Toiminnalla on voimassa oleva vastuuvakuutus.', 'Verksamheten har en giltig ansvarsförsäkring.', 0),
(633, 602, 1, 'Tarjoaja on merkitty kaupparekisteriin tai yhdistysrekisteriin.', 'Anbudsgivaren är antecknad i handelsregistret eller föreningsregistret.', 0);

INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (6001, 601, 2, unixepoch('now', '-19 days'), unixepoch('now', '-5 days', '-2 hours'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (6101, 6001, 'submit', unixepoch('now', '-5 days', '-2 hours'), 5, 'paikka-bid 1
tender 601
org 2
lot 1
price 1009
capacity 4
work 53:Puutyöpaja ja pienkorjaukset Kiteen toimipisteessä.
answer 1 43:Puutyön eri vaiheet, yksilöllinen ohjaus.
answer 2 44:Linja-autoyhteys, esteetön sisäänkäynti.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', 'e5d532f4c090e452db6f5bd81fa99d651d0cb785fe5b3d81006d63371b63d5f0');
INSERT INTO submission_lots VALUES (6101, 611, 1009, 4, 'Puutyöpaja ja pienkorjaukset Kiteen toimipisteessä.');
INSERT INTO submission_answers VALUES (6101, 621, 'Puutyön eri vaiheet, yksilöllinen ohjaus.');
INSERT INTO submission_answers VALUES (6101, 622, 'Linja-autoyhteys, esteetön sisäänkäynti.');
INSERT INTO submission_requirements VALUES (6101, 631, 1, NULL);
INSERT INTO submission_requirements VALUES (6101, 632, 1, NULL);
INSERT INTO opening_lines VALUES (601, 6101, 2, 'Puutyöpaja Kanerva ry', unixepoch('now', '-5 days', '-2 hours'), '1', 'e5d532f4c090e452db6f5bd81fa99d651d0cb785fe5b3d81006d63371b63d5f0');
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (6002, 601, 3, unixepoch('now', '-18 days'), unixepoch('now', '-5 days', '-3 hours'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (6102, 6002, 'submit', unixepoch('now', '-5 days', '-3 hours'), 6, 'paikka-bid 1
tender 601
org 3
lot 1
price 1009
capacity 8
work 54:Kierrätyskeskus: lajittelu, korjaus ja myymälätyö.
answer 1 38:Monipuoliset kierrätyksen tehtävät.
answer 2 41:Kiteen keskustassa, pysäköinti pihalla.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', '9c0ffb739fbc7dfdf4ecb25e20860777eecb37f94102ee22dbfb83b5c26cdf97');
INSERT INTO submission_lots VALUES (6102, 611, 1009, 8, 'Kierrätyskeskus: lajittelu, korjaus ja myymälätyö.');
INSERT INTO submission_answers VALUES (6102, 621, 'Monipuoliset kierrätyksen tehtävät.');
INSERT INTO submission_answers VALUES (6102, 622, 'Kiteen keskustassa, pysäköinti pihalla.');
INSERT INTO submission_requirements VALUES (6102, 631, 1, NULL);
INSERT INTO submission_requirements VALUES (6102, 632, 1, NULL);
INSERT INTO opening_lines VALUES (601, 6102, 3, 'Kiteen Kierrätysosuuskunta', unixepoch('now', '-5 days', '-3 hours'), '1', '9c0ffb739fbc7dfdf4ecb25e20860777eecb37f94102ee22dbfb83b5c26cdf97');
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (6003, 601, 4, unixepoch('now', '-17 days'), unixepoch('now', '-5 days', '-4 hours'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (6103, 6003, 'submit', unixepoch('now', '-5 days', '-4 hours'), 7, 'paikka-bid 1
tender 601
org 4
lot 1
price 1009
capacity 5
work 55:Ruoka-apu ja kirpputori Tohmajärven seurakuntatalolla.
answer 1 44:Keittiö- ja myymälätyöt ohjaajan kanssa.
answer 2 27:Seurakuntatalolla on hissi.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', '022dce0b00b451c7db7da2bd817327fb52d3145445544f0d7be055913ea96ef0');
INSERT INTO submission_lots VALUES (6103, 611, 1009, 5, 'Ruoka-apu ja kirpputori Tohmajärven seurakuntatalolla.');
INSERT INTO submission_answers VALUES (6103, 621, 'Keittiö- ja myymälätyöt ohjaajan kanssa.');
INSERT INTO submission_answers VALUES (6103, 622, 'Seurakuntatalolla on hissi.');
INSERT INTO submission_requirements VALUES (6103, 631, 1, NULL);
INSERT INTO submission_requirements VALUES (6103, 632, 1, NULL);
INSERT INTO opening_lines VALUES (601, 6103, 4, 'Lieksan Diakoniasäätiö sr', unixepoch('now', '-5 days', '-4 hours'), '1', '022dce0b00b451c7db7da2bd817327fb52d3145445544f0d7be055913ea96ef0');
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (6004, 602, 2, unixepoch('now', '-45 days'), unixepoch('now', '-30 days', '-2 hours'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (6104, 6004, 'submit', unixepoch('now', '-30 days', '-2 hours'), 5, 'paikka-bid 1
tender 602
org 2
lot 1
price 2400
capacity 3
work 44:Puutyöpaja ja sosionomin tuki Outokummussa.
answer 1 38:Sosionomi tapaa asiakkaan viikoittain.
requirement 1 confirmed 1 attachment -
', '3aa6c234fa8d6f6db83de4d955ec3fc4dc0fa9fcfb7d5c2ae59b2ebbc3f90f32');
INSERT INTO submission_lots VALUES (6104, 612, 2400, 3, 'Puutyöpaja ja sosionomin tuki Outokummussa.');
INSERT INTO submission_answers VALUES (6104, 623, 'Sosionomi tapaa asiakkaan viikoittain.');
INSERT INTO submission_requirements VALUES (6104, 633, 1, NULL);
INSERT INTO opening_lines VALUES (602, 6104, 2, 'Puutyöpaja Kanerva ry', unixepoch('now', '-30 days', '-2 hours'), '1', '3aa6c234fa8d6f6db83de4d955ec3fc4dc0fa9fcfb7d5c2ae59b2ebbc3f90f32');
-- Tender 601: Kanerva qualified and scored, Kierrätysosuuskunta half
-- qualified, Diakoniasäätiö not yet looked at.
INSERT INTO qualifications VALUES (6101, 631, 1, '', 2, unixepoch('now', '-3 days')),
	(6101, 632, 1, '', 2, unixepoch('now', '-3 days')),
	(6102, 631, 1, '', 2, unixepoch('now', '-3 days'));
INSERT INTO scores VALUES (6101, 621, 4800, 'Tehtävät on kuvattu selkeästi ja ohjaus on yksilöllistä.', 2, unixepoch('now', '-2 days')),
	(6101, 622, 3000, 'Hyvät kulkuyhteydet.', 2, unixepoch('now', '-2 days'));
-- Tender 602: one qualified bid, the award decision published three days
-- ago; the standstill period is 14 days, moved off a weekend.
INSERT INTO qualifications VALUES (6104, 633, 1, '', 2, unixepoch('now', '-25 days'));
INSERT INTO scores VALUES (6104, 623, 5000, 'Tuki on kuvattu hyvin ja se on säännöllistä.', 2, unixepoch('now', '-20 days'));
INSERT INTO lot_awards VALUES (612, NULL, 2, unixepoch('now', '-5 days'));
INSERT INTO award_ranks VALUES (612, 6104, 1, 9000, 1);
INSERT INTO award_decisions(tender_id, published_at, published_by, standstill_end, reasoning_fi, reasoning_sv)
SELECT 602, unixepoch('now', '-3 days'), 2,
	CASE strftime('%w', d) WHEN '6' THEN date(d, '+2 days') WHEN '0' THEN date(d, '+1 day') ELSE d END,
	'Ainoa tarjous täytti soveltuvuusvaatimukset ja valitaan puitejärjestelyyn.',
	'Det enda anbudet uppfyllde lämplighetskraven och väljs till ramavtalet.'
FROM (SELECT date('now', '-3 days', '+14 days') AS d);

-- A new client in Puutyöpaja Kanerva, waiting for the provider.
INSERT INTO placements(client_ref, client_name, place_id, contract_id,
	org_id, caseworker_id, caseworker_org_id, start_date, weekdays,
	hours_per_day, status, created_at)
VALUES ('HK8008', 'Helmi Korhonen', 1, 2, 2, 3, 1, date('now', '+5 days'), 3, 4,
	'proposed', unixepoch('now', '-2 hours'));
INSERT INTO placement_periods(placement_id, start_date, end_date,
	decision_date, months, created_by, created_at)
SELECT id, start_date, date(start_date, '+3 months', '-1 day'),
	date('now', '-1 day'), 3, 3, unixepoch('now', '-2 hours')
FROM placements WHERE client_ref = 'HK8008' AND status = 'proposed';
INSERT INTO notifications(org_id, created_at, text_fi, text_sv, text_en, link)
SELECT 2, unixepoch('now', '-2 hours'),
	'Uusi asiakas on sijoitettu paikkaan "Puutyöpaja Kanerva".',
	'En ny klient har placerats på "Puutyöpaja Kanerva".',
	'A new client has been placed in "Puutyöpaja Kanerva".',
	'/placements/' || id
FROM placements WHERE client_ref = 'HK8008' AND status = 'proposed';
