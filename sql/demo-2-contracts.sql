-- Demo layer 2: contracts, places and placements.
-- Contracts made from tender 3 after its standstill, all active; the
-- providers' places under them; the caseworker's clients in those places:
-- active ones (one decision period ends within 30 days, one client has
-- been in the service for over a year), one waiting for the provider's
-- confirmation, one ended with an outcome, one declined. Dates are
-- relative to the moment the demo is loaded.
INSERT INTO contracts(id, org_id, tender_id, lot_id, submission_id,
	service_type_id, form, daily_price_cents, start_date, end_date, ranking,
	capacity, extension_options, status, signed_date, signer_name,
	signed_by, activated_at, created_by, created_at) VALUES
(1, 3, 3, 11, 403, 1, 'both', 1009, date('now', '-30 days'), date('now', '+335 days'), 1, 10, '1 vuosi', 'active', date('now', '-33 days'), 'Kaisa Kierto', 2, unixepoch('now', '-30 days'), 2, unixepoch('now', '-35 days')),
(2, 2, 3, 11, 401, 1, 'both', 1009, date('now', '-30 days'), date('now', '+335 days'), 2, 8, '1 vuosi', 'active', date('now', '-33 days'), 'Pekka Puusepp', 2, unixepoch('now', '-30 days'), 2, unixepoch('now', '-35 days')),
(3, 4, 3, 11, 402, 1, 'both', 1009, date('now', '-30 days'), date('now', '+335 days'), 3, 6, '1 vuosi', 'active', date('now', '-32 days'), 'Liisa Lähimmäinen', 2, unixepoch('now', '-30 days'), 2, unixepoch('now', '-35 days')),
(4, 2, 3, 12, 401, 2, 'individual', 2450, date('now', '-30 days'), date('now', '+335 days'), 1, 4, '1 vuosi', 'active', date('now', '-33 days'), 'Pekka Puusepp', 2, unixepoch('now', '-30 days'), 2, unixepoch('now', '-35 days')),
(5, 4, 3, 12, 402, 2, 'individual', 2890, date('now', '-30 days'), date('now', '+335 days'), 2, 3, '1 vuosi', 'active', date('now', '-32 days'), 'Liisa Lähimmäinen', 2, unixepoch('now', '-30 days'), 2, unixepoch('now', '-35 days'));
INSERT INTO contract_municipalities(contract_id, municipality_id)
SELECT c.id, lm.municipality_id FROM contracts c
JOIN lot_municipalities lm ON lm.lot_id = c.lot_id;

INSERT INTO places(id, contract_id, org_id, title, description, tasks,
	task_words, municipality_id, street_address, service_type_id, form,
	weekdays, hours_min, hours_max, capacity, languages, accessibility,
	contact_name, contact_phone, contact_email, status, created_at,
	updated_at) VALUES
(1, 2, 2, 'Puutyöpaja Kanerva', 'Huonekalujen kunnostusta, pienpuutöitä ja tilaustöitä ohjaajan kanssa. Sopii myös aloittelijalle.', 'carpentry', 'huonekalujen kunnostus, maalaus',
	(SELECT id FROM municipalities WHERE name_fi = 'Joensuu'), 'Koulukatu 5, 80100 Joensuu', 1, 'both', 31, 4, 6, 6, 3,
	'Esteetön sisäänkäynti pihan puolelta; invapysäköinti.', 'Pekka Puusepp', '040 111 2222', 'pekka@kanerva.example', 'open', unixepoch('now', '-28 days'), unixepoch('now', '-28 days')),
(2, 4, 2, 'Puutyöpaja Kanerva – yksilöllinen tuki', 'Puutyöpajan työtoimintaa ja sosionomin yksilöllinen tuki kerran viikossa.', 'carpentry office', '',
	(SELECT id FROM municipalities WHERE name_fi = 'Joensuu'), 'Koulukatu 5, 80100 Joensuu', 2, 'individual', 31, 4, 6, 4, 1,
	'Esteetön.', 'Pekka Puusepp', '040 111 2222', 'pekka@kanerva.example', 'open', unixepoch('now', '-27 days'), unixepoch('now', '-27 days')),
(3, 1, 3, 'Kierrätysmyymälä Kitee', 'Lajittelua, pientä korjausta, hinnoittelua ja myymälätyötä kierrätyskeskuksessa.', 'warehouse cleaning', 'myymälätyö, lajittelu, kierrätys',
	(SELECT id FROM municipalities WHERE name_fi = 'Kitee'), 'Rantatie 12, 82500 Kitee', 1, 'both', 15, 4, 5, 10, 3,
	'Myymälä katutasossa; varasto portaiden takana.', 'Kaisa Kierto', '040 333 4444', 'kaisa@kierratys.example', 'open', unixepoch('now', '-26 days'), unixepoch('now', '-26 days')),
(4, 3, 4, 'Diakonian ruoka-apu ja kirpputori', 'Ruoka-avun jakaminen, keittiötyö ja kirpputorin lajittelu seurakuntakeskuksessa.', 'kitchen warehouse', 'ruoka-apu, kirpputori',
	(SELECT id FROM municipalities WHERE name_fi = 'Lieksa'), 'Pielisentie 20, 81700 Lieksa', 1, 'both', 21, 4, 6, 6, 1,
	'Hissi toiseen kerrokseen.', 'Liisa Lähimmäinen', '040 555 6666', 'liisa@diakonia.example', 'open', unixepoch('now', '-25 days'), unixepoch('now', '-25 days')),
(5, 3, 4, 'Seurakunnan piha- ja kiinteistötyöt', 'Pihatöitä, lumitöitä ja kiinteistön kunnossapitoa ryhmässä.', 'outdoor cleaning', 'pihatyöt, lumityöt',
	(SELECT id FROM municipalities WHERE name_fi = 'Lieksa'), 'Pielisentie 20, 81700 Lieksa', 1, 'group', 7, 4, 4, 5, 1,
	'Ulkotyötä, vaatii liikkumista.', 'Liisa Lähimmäinen', '040 555 6666', 'liisa@diakonia.example', 'paused', unixepoch('now', '-25 days'), unixepoch('now', '-5 days'));

INSERT INTO placements(id, client_ref, client_name, place_id, contract_id,
	org_id, caseworker_id, caseworker_org_id, start_date, weekdays,
	hours_per_day, status, confirmed_at, declined_at, decline_reason,
	end_date, outcome, created_at) VALUES
(1, 'AK1001', 'Aila Koivunen', 1, 2, 2, 3, 1, date('now', '-28 days'), 21, 5, 'active', unixepoch('now', '-29 days'), NULL, '', NULL, NULL, unixepoch('now', '-30 days')),
(2, 'BM2002', 'Bo Mattsson', 1, 2, 2, 3, 1, date('now', '-20 days'), 10, 4, 'active', unixepoch('now', '-21 days'), NULL, '', NULL, NULL, unixepoch('now', '-22 days')),
(3, 'CJ3003', 'Carita Järvinen', 3, 1, 3, 3, 1, date('now', '-29 days'), 7, 5, 'active', unixepoch('now', '-30 days'), NULL, '', NULL, NULL, unixepoch('now', '-30 days')),
(4, 'DH4004', 'Dmitri Hämäläinen', 4, 3, 4, 3, 1, date('now', '+3 days'), 5, 4, 'proposed', NULL, NULL, '', NULL, NULL, unixepoch('now', '-1 days')),
(5, 'EL5005', 'Eeva Lind', 2, 4, 2, 3, 1, date('now', '-25 days'), 9, 6, 'active', unixepoch('now', '-26 days'), NULL, '', NULL, NULL, unixepoch('now', '-27 days')),
(6, 'FN6006', 'Frans Nieminen', 1, 2, 2, 3, 1, date('now', '-27 days'), 4, 4, 'ended', unixepoch('now', '-27 days'), NULL, '', date('now', '-6 days'), 'studies', unixepoch('now', '-28 days')),
(7, 'GO7007', 'Greta Oksanen', 3, 1, 3, 3, 1, date('now', '+7 days'), 3, 4, 'declined', NULL, unixepoch('now', '-2 days'), 'Asiakkaalle sopivaa ohjaajaa ei ole saatavilla alkamispäivänä.', NULL, NULL, unixepoch('now', '-4 days'));

-- Decision periods: Aila's first period ends within 30 days; Carita came
-- from an earlier contract and has been in the service for over a year
-- (her periods began before this contract).
INSERT INTO placement_periods(placement_id, start_date, end_date,
	decision_date, months, created_by, created_at) VALUES
(1, date('now', '-28 days'), date('now', '+12 days'), date('now', '-31 days'), 3, 3, unixepoch('now', '-30 days')),
(2, date('now', '-20 days'), date('now', '-20 days', '+3 months', '-1 day'), date('now', '-23 days'), 3, 3, unixepoch('now', '-22 days')),
(3, date('now', '-29 days'), date('now', '-29 days', '+12 months', '-1 day'), date('now', '-32 days'), 12, 3, unixepoch('now', '-30 days')),
(4, date('now', '+3 days'), date('now', '+3 days', '+3 months', '-1 day'), date('now', '-1 days'), 3, 3, unixepoch('now', '-1 days')),
(5, date('now', '-25 days'), date('now', '-25 days', '+3 months', '-1 day'), date('now', '-27 days'), 3, 3, unixepoch('now', '-27 days')),
(6, date('now', '-27 days'), date('now', '-27 days', '+3 months', '-1 day'), date('now', '-28 days'), 3, 3, unixepoch('now', '-28 days')),
(7, date('now', '+7 days'), date('now', '+7 days', '+3 months', '-1 day'), date('now', '-4 days'), 3, 3, unixepoch('now', '-4 days'));

INSERT INTO notifications(org_id, created_at, text_fi, text_sv, text_en,
	link) VALUES
(4, unixepoch('now', '-1 days'),
	'Uusi asiakas on sijoitettu paikkaan "Diakonian ruoka-apu ja kirpputori".',
	'En ny klient har placerats på "Diakonian ruoka-apu ja kirpputori".',
	'A new client has been placed in "Diakonian ruoka-apu ja kirpputori".',
	'/placements/4');
