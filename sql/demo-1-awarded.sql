-- Demo layer 1 (after sql/demo.sql): an awarded tender.
-- An awarded tender from last year: three providers bid, all qualified,
-- the decision was published and its standstill period is over, so its
-- lots are ready for contracts. Receipt hashes are SHA-256 over each
-- submission's canonical text (src/bid.c).
INSERT INTO tenders(id, status, title_fi, title_sv, description_fi,
	contract_start, contract_end, extension_options, questions_deadline,
	bids_deadline, created_by, created_at, published_at, opened_at,
	opened_by, awarded_at)
VALUES (3, 'awarded', 'Kuntouttava työtoiminta, Joensuun seutu ja Pielinen',
	'Arbetsverksamhet i rehabiliteringssyfte, Joensuuregionen och Pielisen',
	'Puitejärjestely kuntouttavan työtoiminnan palveluista vuodeksi.',
	date('now', '-30 days'), date('now', '+335 days'), '1 vuosi',
	unixepoch('now', '-80 days'), unixepoch('now', '-70 days'), 2,
	unixepoch('now', '-100 days'), unixepoch('now', '-95 days'),
	unixepoch('now', '-69 days'), 2, unixepoch('now', '-50 days'));
INSERT INTO lots(id, tender_id, number, title, service_type_id, form,
	est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight)
VALUES (11, 3, 1, 'Työtoimintapaikka ja ohjaus', 1, 'both', 15000, 'fixed', 1009, NULL, 0),
	(12, 3, 2, 'Työtoiminta ja sosiaalialan ammatillinen tuki', 2, 'individual', 4000, 'bid', NULL, 3500, 40);
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 11, id FROM municipalities WHERE name_fi IN ('Joensuu', 'Kontiolahti', 'Liperi', 'Lieksa', 'Kitee');
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 12, id FROM municipalities WHERE name_fi IN ('Joensuu', 'Lieksa');
INSERT INTO criteria(id, lot_id, number, description_fi, description_sv, max_points) VALUES
(21, 11, 1, 'Työtehtävien monipuolisuus ja ohjaus', 'Arbetsuppgifternas mångsidighet och handledning', 60),
(22, 11, 2, 'Saavutettavuus ja sijainti', 'Tillgänglighet och läge', 40),
(23, 12, 1, 'Sosiaalialan ammatillisen tuen sisältö', 'Innehållet i det yrkesmässiga stödet', 30),
(24, 12, 2, 'Henkilöstön koulutus ja kokemus', 'Personalens utbildning och erfarenhet', 30);
INSERT INTO requirements(id, tender_id, number, text_fi, text_sv, needs_attachment) VALUES
(31, 3, 1, 'Tarjoaja on merkitty kaupparekisteriin tai yhdistysrekisteriin.', 'Anbudsgivaren är antecknad i handelsregistret eller föreningsregistret.', 0),
(32, 3, 2, 'Työtoiminnan ohjaajilla on tehtävään soveltuva koulutus tai kokemus.', 'Handledarna har lämplig utbildning eller erfarenhet.', 0);

INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (301, 3, 2, unixepoch('now', '-75 days', '-3 days'), unixepoch('now', '-5 days', '-70 days'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (401, 301, 'submit', unixepoch('now', '-70 days', '-5 hours'), 5, 'paikka-bid 1
tender 3
org 2
lot 1
price 1009
capacity 8
work 73:Puutyöpaja Joensuun keskustassa: huonekalujen kunnostus ja pienpuutyöt.
answer 1 55:Monipuoliset puutyön tehtävät, yksilöllinen ohjaus.
answer 2 39:Keskustassa, esteetön sisäänkäynti.
lot 2
price 2450
capacity 4
work 43:Puutyöpaja ja sosionomin tuki viikoittain.
answer 1 38:Sosionomi tapaa asiakkaan viikoittain.
answer 2 45:Ohjaajilla artesaanin ja sosionomin koulutus.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', '1e723c663dd02509866baf45fb6d5f4525eea31c89e10117c0a766564f1b1870');
INSERT INTO submission_lots VALUES (401, 11, 1009, 8, 'Puutyöpaja Joensuun keskustassa: huonekalujen kunnostus ja pienpuutyöt.');
INSERT INTO submission_answers VALUES (401, 21, 'Monipuoliset puutyön tehtävät, yksilöllinen ohjaus.');
INSERT INTO submission_answers VALUES (401, 22, 'Keskustassa, esteetön sisäänkäynti.');
INSERT INTO submission_lots VALUES (401, 12, 2450, 4, 'Puutyöpaja ja sosionomin tuki viikoittain.');
INSERT INTO submission_answers VALUES (401, 23, 'Sosionomi tapaa asiakkaan viikoittain.');
INSERT INTO submission_answers VALUES (401, 24, 'Ohjaajilla artesaanin ja sosionomin koulutus.');
INSERT INTO submission_requirements VALUES (401, 31, 1, NULL);
INSERT INTO qualifications VALUES (401, 31, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO submission_requirements VALUES (401, 32, 1, NULL);
INSERT INTO qualifications VALUES (401, 32, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO opening_lines VALUES (3, 401, 2, 'Puutyöpaja Kanerva ry', unixepoch('now', '-70 days', '-5 hours'), '1, 2', '1e723c663dd02509866baf45fb6d5f4525eea31c89e10117c0a766564f1b1870');
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (302, 3, 4, unixepoch('now', '-77 days', '-3 days'), unixepoch('now', '-7 days', '-70 days'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (402, 302, 'submit', unixepoch('now', '-70 days', '-7 hours'), 7, 'paikka-bid 1
tender 3
org 4
lot 1
price 1009
capacity 6
work 48:Diakoniatyön kirpputori ja ruoka-apu Lieksassa.
answer 1 40:Myymälä-, lajittelu- ja keittiötyöt.
answer 2 33:Lieksan keskustassa, bussiyhteys.
lot 2
price 2890
capacity 3
work 37:Diakoniatyöntekijän tuki ja ohjaus.
answer 1 41:Diakoniatyöntekijä mukana päivittäin.
answer 2 35:Diakonin ja lähihoitajan koulutus.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', '6bcacfc999ae6187b3592edcdc1ab9eb9c8f8e0090ca6225288ce8c1afece097');
INSERT INTO submission_lots VALUES (402, 11, 1009, 6, 'Diakoniatyön kirpputori ja ruoka-apu Lieksassa.');
INSERT INTO submission_answers VALUES (402, 21, 'Myymälä-, lajittelu- ja keittiötyöt.');
INSERT INTO submission_answers VALUES (402, 22, 'Lieksan keskustassa, bussiyhteys.');
INSERT INTO submission_lots VALUES (402, 12, 2890, 3, 'Diakoniatyöntekijän tuki ja ohjaus.');
INSERT INTO submission_answers VALUES (402, 23, 'Diakoniatyöntekijä mukana päivittäin.');
INSERT INTO submission_answers VALUES (402, 24, 'Diakonin ja lähihoitajan koulutus.');
INSERT INTO submission_requirements VALUES (402, 31, 1, NULL);
INSERT INTO qualifications VALUES (402, 31, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO submission_requirements VALUES (402, 32, 1, NULL);
INSERT INTO qualifications VALUES (402, 32, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO opening_lines VALUES (3, 402, 4, 'Lieksan Diakoniasäätiö sr', unixepoch('now', '-70 days', '-7 hours'), '1, 2', '6bcacfc999ae6187b3592edcdc1ab9eb9c8f8e0090ca6225288ce8c1afece097');
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES (303, 3, 3, unixepoch('now', '-76 days', '-3 days'), unixepoch('now', '-6 days', '-70 days'));
INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES (403, 303, 'submit', unixepoch('now', '-70 days', '-6 hours'), 6, 'paikka-bid 1
tender 3
org 3
lot 1
price 1009
capacity 10
work 62:Kierrätyskeskus Kiteellä: lajittelu, korjaus, myymälätyö.
answer 1 44:Laaja valikoima tehtäviä kierrätyksessä.
answer 2 40:Kiteen keskustassa, piha-alue esteetön.
requirement 1 confirmed 1 attachment -
requirement 2 confirmed 1 attachment -
', 'd74d0012c0127841c5e9c07b4b1c43e09358b6f2909c6cc8340165cd06089985');
INSERT INTO submission_lots VALUES (403, 11, 1009, 10, 'Kierrätyskeskus Kiteellä: lajittelu, korjaus, myymälätyö.');
INSERT INTO submission_answers VALUES (403, 21, 'Laaja valikoima tehtäviä kierrätyksessä.');
INSERT INTO submission_answers VALUES (403, 22, 'Kiteen keskustassa, piha-alue esteetön.');
INSERT INTO submission_requirements VALUES (403, 31, 1, NULL);
INSERT INTO qualifications VALUES (403, 31, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO submission_requirements VALUES (403, 32, 1, NULL);
INSERT INTO qualifications VALUES (403, 32, 1, '', 2, unixepoch('now', '-65 days'));
INSERT INTO opening_lines VALUES (3, 403, 3, 'Kiteen Kierrätysosuuskunta', unixepoch('now', '-70 days', '-6 hours'), '1', 'd74d0012c0127841c5e9c07b4b1c43e09358b6f2909c6cc8340165cd06089985');
INSERT INTO scores VALUES (401, 21, 5200, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (401, 22, 3400, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (401, 23, 2500, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (401, 24, 2000, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (402, 21, 4800, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (402, 22, 3000, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (402, 23, 2700, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (402, 24, 2200, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (403, 21, 5600, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO scores VALUES (403, 22, 3200, 'Perusteltu tarjouksen kuvauksen perusteella.', 2, unixepoch('now', '-60 days'));
INSERT INTO lot_awards VALUES (11, NULL, 2, unixepoch('now', '-55 days')), (12, NULL, 2, unixepoch('now', '-55 days'));
INSERT INTO award_ranks VALUES (11, 403, 1, 8800, 1), (11, 401, 2, 8600, 1), (11, 402, 3, 7800, 1),
	(12, 401, 1, 8500, 1), (12, 402, 2, 8291, 1);
INSERT INTO award_decisions(tender_id, published_at, published_by, standstill_end, reasoning_fi, reasoning_sv)
VALUES (3, unixepoch('now', '-50 days'), 2, date('now', '-36 days'),
	'Kaikki tarjoajat täyttivät soveltuvuusvaatimukset; puitejärjestelyyn valitaan kaikki hyväksytyt tarjoajat vertailun mukaisessa järjestyksessä.',
	'Alla anbudsgivare uppfyllde lämplighetskraven; alla godkända anbudsgivare väljs till ramavtalet i jämförelsens ordning.');
