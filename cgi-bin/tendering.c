/* tendering: calls for tender, bids, opening, evaluation and award. The
 * foundation gives it its public list page; the tendering issue fills it. */
#include "paikka/app.h"
#include "paikka/tmpl.h"

/* Who: everyone; published tenders are public. */
static int tenders_page(struct req *r)
{
	struct tvars *v = page_vars(r);
	tv_set(v, "intro",
	    _("Calls for tender for rehabilitative work "
	      "activity published by the wellbeing services "
	      "county."));
	tv_set(v, "empty", _("There are no published tenders at the moment."));
	return render(r, 200, "area", v, _("Tenders"));
}

static const struct route routes[] = {
    {"GET", "/tenders", tenders_page, ROLE_ALL, 0},
};

static const struct app app = {
    "tendering", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
