/* home: the front page, login and accounts, provider registration, the
 * accessibility statement, and administration. */
#include "home/home.h"

#define A ROLE_ADMIN
/* Reports: staff see everything, caseworkers and providers their own
 * organisation's numbers (restricted in the queries, see report.h);
 * spending is not for caseworkers. */
#define REP (ROLE_STAFF | ROLE_PROVIDER)
#define SPEND (ROLE_ADMIN | ROLE_OFFICER | ROLE_FINANCE | ROLE_PROVIDER)

static const struct route routes[] = {
    {"GET", "/", home_page, ROLE_ALL, 0},
    {"POST", "/lang", lang_post, ROLE_ALL, RF_NO_NONCE},
    {"GET", "/accessibility", accessibility_page, ROLE_ALL, 0},
    {"POST", "/accessibility", accessibility_post, ROLE_ALL, RF_UPLOAD},
    {"GET", "/login", login_page, ROLE_ALL, 0},
    {"POST", "/login", login_post, ROLE_ALL, RF_NO_NONCE},
    {"POST", "/logout", logout_post, ROLE_ALL, RF_NO_NONCE},
    {"GET", "/account/password", password_page, ROLE_USER, 0},
    {"POST", "/account/password", password_post, ROLE_USER, 0},
    {"GET", "/notifications", notifications_page, ROLE_USER, 0},
    {"POST", "/notifications/read", notifications_read_post, ROLE_USER, 0},
    {"GET", "/register", register_page, ROLE_ALL, 0},
    {"POST", "/register", register_post, ROLE_ANON, 0},
    {"GET", "/admin", admin_page, A, 0},
    {"GET", "/admin/users", admin_users, A, 0},
    {"GET", "/admin/users/new", admin_user_new, A, 0},
    {"POST", "/admin/users/new", admin_user_create, A, 0},
    {"GET", "/admin/users/:id", admin_user_page, A, 0},
    {"POST", "/admin/users/:id", admin_user_post, A, 0},
    {"POST", "/admin/users/:id/password", admin_user_password, A, 0},
    {"GET", "/admin/organisations", admin_orgs, A, 0},
    {"GET", "/admin/organisations/:id", admin_org_page, A, 0},
    {"POST", "/admin/organisations/:id", admin_org_post, A, 0},
    {"POST", "/admin/organisations/:id/approve", admin_org_approve, A, 0},
    {"GET", "/admin/municipalities", admin_municipalities, A, 0},
    {"POST", "/admin/municipalities", admin_municipality_create, A, 0},
    {"POST", "/admin/municipalities/:id", admin_municipality_post, A, 0},
    {"GET", "/admin/service-types", admin_service_types, A, 0},
    {"POST", "/admin/service-types/:id", admin_service_type_post, A, 0},
    {"GET", "/admin/audit", admin_audit, A, 0},
    {"GET", "/admin/feedback", admin_feedback, A, 0},
    {"GET", "/admin/settings", admin_settings_page, A, 0},
    {"POST", "/admin/settings", admin_settings_post, A, 0},
    {"GET", "/reports", reports_index, REP, 0},
    {"GET", "/reports/volume", reports_volume, REP, 0},
    {"GET", "/reports/volume.csv", reports_volume_csv, REP, 0},
    {"GET", "/reports/outcomes", reports_outcomes, REP, 0},
    {"GET", "/reports/outcomes.csv", reports_outcomes_csv, REP, 0},
    {"GET", "/reports/occupancy", reports_occupancy, REP, 0},
    {"GET", "/reports/occupancy.csv", reports_occupancy_csv, REP, 0},
    {"GET", "/reports/spending", reports_spending, SPEND, 0},
    {"GET", "/reports/spending.csv", reports_spending_csv, SPEND, 0},
};

static const struct app app = {
    "home", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
