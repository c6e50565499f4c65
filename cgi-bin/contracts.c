/* contracts: framework contracts with providers. The foundation gives it
 * its list page; the contracts issue fills it. */
#include "paikka/app.h"
#include "paikka/tmpl.h"

/* Who: every logged-in role; providers will see only their own. */
static int contracts_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro",
	    _("Framework contracts between the county and "
	      "service providers."));
	tv_set(v, "empty", _("There are no contracts yet."));
	return render(r, 200, "area", v, _("Contracts"));
}

static const struct route routes[] = {
    {"GET", "/contracts", contracts_page, ROLE_USER, 0},
};

static const struct app app = {
    "contracts", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
