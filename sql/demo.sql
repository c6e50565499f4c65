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
