/* register.c: a provider registers its organisation and first user; the
 * organisation stays pending until an administrator approves it. */
#include <string.h>

#include "home.h"
#include "paikka/account.h"
#include "paikka/db.h"
#include "paikka/tmpl.h"
#include "paikka/valid.h"

/* Who: everyone; a logged-in user has an organisation already. */
int register_page(struct req *r)
{
	if (r->user)
		return redirect(r, "/");
	struct tvars *v = page_vars(r);
	return render(r, 200, "register", v, _("Register as a provider"));
}

static const char *const org_fields[] = {"org_name", "ytunnus", "street",
    "postcode", "city", "contact_name", "email", "phone", "username"};

static int postcode_ok(const char *s)
{
	return strlen(s) == 5 && strspn(s, "0123456789") == 5;
}

static int phone_ok(const char *s)
{
	size_t n = strlen(s);
	return n <= 30 && strspn(s, "+0123456789 -()") == n;
}

/* Field messages for the organisation part; the user part is checked by
 * user_create. */
static void check_org(struct req *r, struct tvars *v)
{
	const char *name = tv_get(v, "f_org_name");
	if (!valid_line(name, strlen(name), 2, 200))
		field_error(v, "org_name",
		    _("Write the organisation's name (2 to 200 characters)."));
	if (!valid_ytunnus(tv_get(v, "f_ytunnus")))
		field_error(v, "ytunnus",
		    _("Write a business ID like 1234567-1 with a correct "
		      "check digit."));
	const char *street = tv_get(v, "f_street");
	if (!valid_line(street, strlen(street), 2, 200))
		field_error(v, "street", _("Write the street address."));
	if (!postcode_ok(tv_get(v, "f_postcode")))
		field_error(v, "postcode", _("Write a postcode of 5 digits."));
	const char *city = tv_get(v, "f_city");
	if (!valid_line(city, strlen(city), 2, 100))
		field_error(v, "city", _("Write the town or city."));
	const char *contact = tv_get(v, "f_contact_name");
	if (!valid_line(contact, strlen(contact), 2, 100))
		field_error(v, "contact_name",
		    _("Write the contact person's "
		      "name."));
	if (!valid_email(tv_get(v, "f_email")))
		field_error(v, "email",
		    _("Write an e-mail address like name@example.fi."));
	if (!phone_ok(tv_get(v, "f_phone")))
		field_error(v, "phone",
		    _("Write a phone number with digits, spaces and +."));
	(void)r;
}

static const char SQL_YTUNNUS_TAKEN[] =
    "SELECT 1 FROM organisations WHERE ytunnus = ?";
static const char SQL_ORG_INSERT[] =
    "INSERT INTO organisations(kind, name, ytunnus, street, postcode, city, "
    "contact_name, contact_email, contact_phone, status, created_at) "
    "VALUES ('provider',?,?,?,?,?,?,?,?,'pending',?)";

static int insert_org(struct req *r, struct tvars *v, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_ORG_INSERT);
	if (st == NULL)
		return -1;
	const char *cols[] = {"f_org_name", "f_ytunnus", "f_street",
	    "f_postcode", "f_city", "f_contact_name", "f_email", "f_phone"};
	for (int i = 0; i < 8; i++)
		db_bind_text(st, i + 1, tv_get(v, cols[i]));
	db_bind_int(st, 9, r->now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(r->db);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int ytunnus_taken(struct req *r, const char *y)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_YTUNNUS_TAKEN);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, y);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

static void user_error(struct tvars *v, enum account_err e)
{
	switch (e) {
	case ACCOUNT_EUSERNAME:
		field_error(v, "username",
		    _("Use 3 to 64 lowercase letters, digits, dots, dashes or "
		      "underscores."));
		break;
	case ACCOUNT_ETAKEN:
		field_error(v, "username", _("This username is taken."));
		break;
	case ACCOUNT_EPASSWORD:
		field_error(v, "password",
		    _("The password must be 12 to 128 characters long."));
		break;
	default:
		field_error(v, "contact_name", _("Check this field."));
	}
}

/* Who: anonymous visitors. Creates the organisation (pending) and its
 * first user in one transaction. */
int register_post(struct req *r)
{
	struct tvars *v = page_vars(r);
	for (size_t i = 0; i < sizeof(org_fields) / sizeof(org_fields[0]); i++)
		tv_set(v, arena_printf(r->a, "f_%s", org_fields[i]),
		    req_form_trim(r, org_fields[i]));
	check_org(r, v);
	const struct http_field *pw = http_form_field(&r->form, "password");
	const struct http_field *pw2 = http_form_field(&r->form, "password2");
	if (pw && pw2 &&
	    (pw->len != pw2->len ||
	        memcmp(pw->value, pw2->value, pw->len) != 0))
		field_error(v, "password2", _("The passwords do not match."));
	if (!valid_username(tv_get(v, "f_username")))
		user_error(v, ACCOUNT_EUSERNAME);
	if (pw == NULL || !valid_password(pw->value, pw->len))
		user_error(v, ACCOUNT_EPASSWORD);
	int taken = ytunnus_taken(r, tv_get(v, "f_ytunnus"));
	if (taken < 0)
		return -1;
	if (taken)
		field_error(v, "ytunnus",
		    _("An organisation with this business "
		      "ID is already registered."));
	int64_t org_id = 0, user_id = 0;
	if (!tv_get(v, "errors") && insert_org(r, v, &org_id))
		return -1;
	struct new_user u = {tv_get(v, "f_username"),
	    tv_get(v, "f_contact_name"), tv_get(v, "f_email"), "provider",
	    org_id, pw ? pw->value : "", pw ? pw->len : 0};
	enum account_err e = tv_get(v, "errors")
	                         ? ACCOUNT_OK
	                         : user_create(r->db, &u, r->now, &user_id);
	if (e == ACCOUNT_EDB)
		return -1;
	if (e != ACCOUNT_OK)
		user_error(v, e);
	if (tv_get(v, "errors")) {
		r->rollback = 1;
		return render(
		    r, 422, "register", v, _("Register as a provider"));
	}
	if (audit(r, "org.register",
	        arena_printf(r->a, "org:%lld", (long long)org_id),
	        tv_get(v, "f_org_name")))
		return -1;
	return redirect(r, "/?msg=registered");
}
