/* invoicing: realised days (a month grid and CSV upload) and, with the
 * invoicing issue, the monthly invoices made from them. */
#include "invoicing/invoicing.h"
#include "paikka/tmpl.h"

/* Who: providers (their own days), finance and administrators (a note
 * that invoices come later). */
static int invoices_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_bool(v, "is_provider", r->user->role == ROLE_PROVIDER);
	return render(r, 200, "invoicing_home", v, _("Invoices"));
}

/* Providers record days for their own placements; finance and
 * administrators see any provider's grid read-only. */
static const struct route routes[] = {
    {"GET", "/invoices", invoices_page,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
    {"GET", "/invoices/days", inv_days_page,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
    {"POST", "/invoices/days", inv_days_save, ROLE_PROVIDER, 0},
    {"GET", "/invoices/days/upload", inv_upload_page, ROLE_PROVIDER, 0},
    {"POST", "/invoices/days/upload", inv_upload_save, ROLE_PROVIDER,
        RF_UPLOAD},
};

static const struct app app = {
    "invoicing", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
