/* invoicing: realised days and monthly invoices. The foundation gives it
 * its entry page; the invoicing issue fills it. */
#include "paikka/app.h"
#include "paikka/tmpl.h"

/* Who: providers (their own invoices), finance, administrators. */
static int invoices_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro",
	    _("Realised work-activity days and the monthly "
	      "invoices made from them."));
	tv_set(v, "empty", _("There are no invoices yet."));
	return render(r, 200, "area", v, _("Invoices"));
}

static const struct route routes[] = {
    {"GET", "/invoices", invoices_page,
        ROLE_ADMIN | ROLE_FINANCE | ROLE_PROVIDER, 0},
};

static const struct app app = {
    "invoicing", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
