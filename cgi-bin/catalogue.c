/* catalogue: work-activity places and client placements. The foundation
 * gives it its entry pages; the catalogue issue fills them. */
#include "paikka/app.h"
#include "paikka/tmpl.h"

/* Who: providers (their own places), caseworkers, officers, admins. */
static int places_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro",
	    _("The catalogue of work-activity places offered "
	      "under the contracts."));
	tv_set(v, "empty", _("There are no places in the catalogue yet."));
	return render(r, 200, "area", v, _("Places"));
}

/* Who: caseworkers (their clients), providers (their places), admins. */
static int placements_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro", _("Clients placed in work-activity places."));
	tv_set(v, "empty", _("There are no placements yet."));
	return render(r, 200, "area", v, _("Placements"));
}

static const struct route routes[] = {
    {"GET", "/places", places_page,
        ROLE_ADMIN | ROLE_OFFICER | ROLE_CASEWORKER | ROLE_PROVIDER, 0},
    {"GET", "/placements", placements_page,
        ROLE_ADMIN | ROLE_CASEWORKER | ROLE_PROVIDER, 0},
};

static const struct app app = {
    "catalogue", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
