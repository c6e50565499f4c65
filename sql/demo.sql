-- Demo data for `make run`: North Karelia's wellbeing services county, its
-- 13 municipalities, three approved providers, one provider waiting for
-- approval, and one user per role. Passwords are set by `paikkactl demo`
-- (they are not stored in this file). Later features add their part of the
-- story below this line.

INSERT INTO municipalities(code, name_fi, name_sv) VALUES
('167', 'Joensuu', 'Joensuu'),
('090', 'Heinävesi', 'Heinävesi'),
('146', 'Ilomantsi', 'Ilomants'),
('176', 'Juuka', 'Juga'),
('260', 'Kitee', 'Kides'),
('276', 'Kontiolahti', 'Kontiolax'),
('422', 'Lieksa', 'Lieksa'),
('426', 'Liperi', 'Libelits'),
('541', 'Nurmes', 'Nurmes'),
('309', 'Outokumpu', 'Outokumpu'),
('607', 'Polvijärvi', 'Polvijärvi'),
('707', 'Rääkkylä', 'Rääkkylä'),
('848', 'Tohmajärvi', 'Tohmajärvi');

INSERT INTO organisations(id, kind, name, ytunnus, street, postcode, city,
	contact_name, contact_email, contact_phone, status, created_at, approved_at)
VALUES
(1, 'buyer', 'Pohjois-Karjalan hyvinvointialue (Siun sote)', '3221302-7',
	'Tikkamäentie 16', '80210', 'Joensuu', 'Hanna Hankinta',
	'hankinnat@siunsote.example', '013 330 000', 'approved',
	unixepoch('2026-01-02 08:00:00'), unixepoch('2026-01-02 08:00:00')),
(2, 'provider', 'Puutyöpaja Kanerva ry', '2345678-0',
	'Koulukatu 5', '80100', 'Joensuu', 'Pekka Puusepp',
	'pekka@kanerva.example', '040 111 2222', 'approved',
	unixepoch('2026-02-10 09:30:00'), unixepoch('2026-02-11 12:00:00')),
(3, 'provider', 'Kiteen Kierrätysosuuskunta', '4567890-7',
	'Rantatie 12', '82500', 'Kitee', 'Kaisa Kierto',
	'kaisa@kierratys.example', '040 333 4444', 'approved',
	unixepoch('2026-02-14 10:00:00'), unixepoch('2026-02-15 08:15:00')),
(4, 'provider', 'Lieksan Diakoniasäätiö sr', '5678901-2',
	'Pielisentie 20', '81700', 'Lieksa', 'Liisa Lähimmäinen',
	'liisa@diakonia.example', '040 555 6666', 'approved',
	unixepoch('2026-03-01 13:00:00'), unixepoch('2026-03-02 09:00:00')),
(5, 'provider', 'Outokummun Nuorisoverstas ry', '0737546-2',
	'Kummunkatu 3', '83500', 'Outokumpu', 'Oona Ohjaaja',
	'oona@verstas.example', '040 777 8888', 'pending',
	unixepoch('2026-11-20 15:42:00'), NULL);

INSERT INTO users(username, name, email, role, org_id, created_at) VALUES
('admin', 'Aino Ylläpitäjä', 'aino@siunsote.example', 'admin', 1,
	unixepoch('2026-01-02 08:00:00')),
('officer', 'Hanna Hankinta', 'hanna@siunsote.example', 'officer', 1,
	unixepoch('2026-01-02 08:00:00')),
('caseworker', 'Sanna Sosiaaliohjaaja', 'sanna@siunsote.example',
	'caseworker', 1, unixepoch('2026-01-02 08:00:00')),
('finance', 'Taneli Talous', 'taneli@siunsote.example', 'finance', 1,
	unixepoch('2026-01-02 08:00:00')),
('provider', 'Pekka Puusepp', 'pekka@kanerva.example', 'provider', 2,
	unixepoch('2026-02-11 12:00:00')),
('kierratys', 'Kaisa Kierto', 'kaisa@kierratys.example', 'provider', 3,
	unixepoch('2026-02-15 08:15:00')),
('diakonia', 'Liisa Lähimmäinen', 'liisa@diakonia.example', 'provider', 4,
	unixepoch('2026-03-02 09:00:00')),
('verstas', 'Oona Ohjaaja', 'oona@verstas.example', 'provider', 5,
	unixepoch('2026-11-20 15:42:00'));

INSERT INTO feedback(ts, name, email, page, message, lang) VALUES
(unixepoch('2026-11-18 11:20:00'), 'Matti Meikäläinen', 'matti@example.org',
	'/login', 'Kirjautumissivun virheilmoitus ei näy ruudunlukijalla.', 'fi');

-- Tendering: an open call for tenders with three lots, its documents, an
-- answered and an unanswered question, an amendment, and two providers'
-- draft bids; and the officer's next tender, still a draft. Deadlines are
-- relative to the moment the demo is loaded, so the tender is open
-- whenever `make run` creates the database.
INSERT INTO tenders(id, status, title_fi, title_sv, description_fi,
	description_sv, contract_start, contract_end, extension_options,
	questions_deadline, bids_deadline, created_by, created_at, published_at)
VALUES
(1, 'published', 'Kuntouttavan työtoiminnan palvelut 2027–2028',
	'Tjänster för arbetsverksamhet i rehabiliteringssyfte 2027–2028',
	'Pohjois-Karjalan hyvinvointialue pyytää tarjouksia kuntouttavan työtoiminnan palveluista 13 kunnan alueelle. Palvelut hankitaan puitejärjestelynä kolmessa osa-alueessa: työtoimintapaikka ja ohjaus (palvelu 1), lisäksi sosiaalialan ammatillinen tuki (palvelu 2) ja lisäksi työ- ja toimintakyvyn kartoitus (palvelu 3). Tarjouksen voi jättää yhteen tai useampaan osa-alueeseen. Pienten yhdistysten osallistumista on helpotettu: osa-alueessa 1 hinta on kiinteä ja kilpailu käydään laadulla.',
	'Välfärdsområdet i Norra Karelen begär anbud på tjänster för arbetsverksamhet i rehabiliteringssyfte i 13 kommuner, som ramavtal i tre delområden.',
	'2027-01-01', '2028-12-31', '1 + 1 vuotta',
	unixepoch('now', '+10 days', 'start of day', '+10 hours'),
	unixepoch('now', '+20 days', 'start of day', '+10 hours'),
	2, unixepoch('now', '-12 days'), unixepoch('now', '-10 days')),
(2, 'draft', 'Kuntouttava työtoiminta, Pielisen Karjala 2027', '',
	'Täydentävä hankinta Lieksan ja Nurmeksen alueelle.', '',
	'2027-03-01', '2027-12-31', '',
	NULL, NULL, 2, unixepoch('now', '-2 days'), NULL);

INSERT INTO lots(id, tender_id, number, title, service_type_id, form,
	est_days_per_year, pricing, fixed_price_cents, ceiling_cents,
	price_weight) VALUES
(1, 1, 1, 'Työtoimintapaikka ja ohjaus', 1, 'both', 20000, 'fixed', 1009, NULL, 0),
(2, 1, 2, 'Työtoiminta ja sosiaalialan ammatillinen tuki', 2, 'individual', 6000, 'bid', NULL, 3500, 40),
(3, 1, 3, 'Työtoiminta ja työ- ja toimintakyvyn kartoitus', 3, 'individual', 3000, 'bid', NULL, 5500, 30),
(4, 2, 1, 'Työtoimintapaikka ja ohjaus', 1, 'group', 4000, 'fixed', 1009, NULL, 0);

INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 1, id FROM municipalities;
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 2, id FROM municipalities WHERE name_fi IN
	('Joensuu', 'Kontiolahti', 'Liperi', 'Outokumpu');
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 3, id FROM municipalities WHERE name_fi IN
	('Joensuu', 'Lieksa', 'Kitee', 'Nurmes');

INSERT INTO criteria(lot_id, number, description_fi, description_sv,
	max_points) VALUES
(1, 1, 'Työtehtävien monipuolisuus ja työtoiminnan ohjauksen sisältö', 'Arbetsuppgifternas mångsidighet och handledningens innehåll', 60),
(1, 2, 'Työtoimintapaikan saavutettavuus ja sijainti', 'Arbetsplatsens tillgänglighet och läge', 40),
(2, 1, 'Sosiaalialan ammatillisen tuen ja ohjauksen sisältö', 'Innehållet i det yrkesmässiga stödet', 35),
(2, 2, 'Henkilöstön koulutus ja kokemus', 'Personalens utbildning och erfarenhet', 25),
(3, 1, 'Työ- ja toimintakyvyn kartoituksen menetelmät', 'Metoderna för kartläggning av arbets- och funktionsförmågan', 40),
(3, 2, 'Raportointi asiakkaan omatyöntekijälle', 'Rapportering till klientens egen kontaktperson', 30),
(4, 1, 'Ryhmätoiminnan sisältö', 'Gruppverksamhetens innehåll', 100);

INSERT INTO requirements(tender_id, number, text_fi, text_sv,
	needs_attachment) VALUES
(1, 1, 'Tarjoaja on merkitty kaupparekisteriin tai yhdistysrekisteriin.', 'Anbudsgivaren är antecknad i handelsregistret eller föreningsregistret.', 1),
(1, 2, 'Tarjoaja on hoitanut verot ja lakisääteiset maksut (verovelkatodistus).', 'Anbudsgivaren har betalat skatter och lagstadgade avgifter.', 1),
(1, 3, 'Toiminnalla on voimassa oleva vastuuvakuutus.', 'Verksamheten har en giltig ansvarsförsäkring.', 1),
(1, 4, 'Työtoiminnan ohjaajilla on tehtävään soveltuva koulutus tai kokemus.', 'Handledarna har lämplig utbildning eller erfarenhet.', 0);

INSERT INTO files(id, filename, content_type, size, sha256, content,
	uploaded_by, uploaded_at) VALUES
(1, 'tarjouspyynto.pdf', 'application/pdf', 661,
	'b1417a7d0d9b5335bbfde5e160e3e372318743d2065e4c866be51dc6184f6c1d',
	X'255044462d312e340a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d202f436f6e74656e7473203420302052202f5265736f7572636573203c3c202f466f6e74203c3c202f4631203520302052203e3e203e3e203e3e0a656e646f626a0a342030206f626a0a3c3c202f4c656e677468203930203e3e0a73747265616d0a4254202f46312031362054662037322037373020546420285461726a6f75737079796e746f3a204b756e746f7574746176616e2074796f746f696d696e6e616e2070616c76656c757420323032372d323032382920546a2045540a656e6473747265616d0a656e646f626a0a352030206f626a0a3c3c202f54797065202f466f6e74202f53756274797065202f5479706531202f42617365466f6e74202f48656c766574696361202f456e636f64696e67202f57696e416e7369456e636f64696e67203e3e0a656e646f626a0a787265660a3020360a303030303030303030302036353533352066200a30303030303030303039203030303030206e200a30303030303030303538203030303030206e200a30303030303030313135203030303030206e200a30303030303030323431203030303030206e200a30303030303030333831203030303030206e200a747261696c65720a3c3c202f53697a652036202f526f6f74203120302052203e3e0a7374617274787265660a3437380a2525454f460a',
	2, unixepoch('now', '-11 days'));
INSERT INTO tender_documents(tender_id, file_id, title) VALUES (1, 1, 'Tarjouspyyntö');

INSERT INTO files(id, filename, content_type, size, sha256, content,
	uploaded_by, uploaded_at) VALUES
(2, 'palvelukuvaus.pdf', 'application/pdf', 638,
	'e67044970a03c76f253fea7c5873384f0d1698f56e08cfaeb4649d219e02438a',
	X'255044462d312e340a312030206f626a0a3c3c202f54797065202f436174616c6f67202f5061676573203220302052203e3e0a656e646f626a0a322030206f626a0a3c3c202f54797065202f5061676573202f4b696473205b33203020525d202f436f756e742031203e3e0a656e646f626a0a332030206f626a0a3c3c202f54797065202f50616765202f506172656e74203220302052202f4d65646961426f78205b30203020353935203834325d202f436f6e74656e7473203420302052202f5265736f7572636573203c3c202f466f6e74203c3c202f4631203520302052203e3e203e3e203e3e0a656e646f626a0a342030206f626a0a3c3c202f4c656e677468203637203e3e0a73747265616d0a4254202f46312031362054662037322037373020546420284c6969746520313a2050616c76656c756b75766175732c2070616c76656c757420312d332920546a2045540a656e6473747265616d0a656e646f626a0a352030206f626a0a3c3c202f54797065202f466f6e74202f53756274797065202f5479706531202f42617365466f6e74202f48656c766574696361202f456e636f64696e67202f57696e416e7369456e636f64696e67203e3e0a656e646f626a0a787265660a3020360a303030303030303030302036353533352066200a30303030303030303039203030303030206e200a30303030303030303538203030303030206e200a30303030303030313135203030303030206e200a30303030303030323431203030303030206e200a30303030303030333538203030303030206e200a747261696c65720a3c3c202f53697a652036202f526f6f74203120302052203e3e0a7374617274787265660a3435350a2525454f460a',
	2, unixepoch('now', '-11 days'));
INSERT INTO tender_documents(tender_id, file_id, title) VALUES (1, 2, 'Liite 1: Palvelukuvaus');

INSERT INTO amendments(tender_id, published_at, published_by, text_fi,
	text_sv) VALUES
(1, unixepoch('now', '-3 days'), 2,
	'Osa-alueen 2 kuntiin on lisätty Outokumpu. Muut ehdot ennallaan.',
	'Outokumpu har lagts till i delområde 2. Övriga villkor oförändrade.');

INSERT INTO questions(tender_id, org_id, asked_by, asked_at, question,
	answer, answered_at, answered_by) VALUES
(1, 3, 6, unixepoch('now', '-6 days'),
	'Voiko osa-alueeseen 1 tarjota pelkkää ryhmämuotoista työtoimintaa?',
	'Voi. Osa-alueessa 1 hyväksytään yksilö- tai ryhmämuotoinen työtoiminta tai molemmat.',
	unixepoch('now', '-5 days'), 2),
(1, 2, 5, unixepoch('now', '-1 days'),
	'Kelpaako vastuuvakuutuksen todisteeksi vakuutusyhtiön kirjallinen vahvistus?',
	'', NULL, NULL);

-- Draft bids: seen only by their own providers until the deadline.
INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES
(1, 1, 2, unixepoch('now', '-4 days'), unixepoch('now', '-1 days')),
(2, 1, 3, unixepoch('now', '-2 days'), unixepoch('now', '-2 days'));
INSERT INTO bid_lots(bid_id, lot_id, price_cents, capacity,
	work_description) VALUES
(1, 1, NULL, 6, 'Puutyöpaja Joensuun keskustassa: huonekalujen kunnostus, pienpuutyöt ja tilaustyöt. Ryhmä- ja yksilöohjaus arkisin 8–14.'),
(1, 2, 2450, 3, 'Yksilöllinen ohjaus puutyöpajassa ja sosionomin tuki kerran viikossa.'),
(2, 1, NULL, 10, 'Kierrätyskeskus Kiteellä: lajittelu, korjaus ja myymälätyö.');
INSERT INTO bid_answers(bid_id, criterion_id, answer) VALUES
(1, 1, 'Tehtäviä on puutyön eri vaiheista viimeistelyyn; jokaiselle laaditaan oma tavoitesuunnitelma.');

INSERT INTO notifications(org_id, created_at, text_fi, text_sv, text_en,
	link) VALUES
(2, unixepoch('now', '-3 days'),
	'Tarjouspyyntöä "Kuntouttavan työtoiminnan palvelut 2027–2028" on muutettu.',
	'Anbudsförfrågan "Kuntouttavan työtoiminnan palvelut 2027–2028" har ändrats.',
	'The tender "Kuntouttavan työtoiminnan palvelut 2027–2028" has been amended.',
	'/tenders/1');

