/* home.h: handlers of the home program (home, login, account,
 * registration, accessibility, administration). */
#ifndef PAIKKA_CGI_HOME_H
#define PAIKKA_CGI_HOME_H

#include "paikka/app.h"

int home_page(struct req *r);
int lang_post(struct req *r);
int accessibility_page(struct req *r);
int accessibility_post(struct req *r);

int login_page(struct req *r);
int login_post(struct req *r);
int logout_post(struct req *r);
int password_page(struct req *r);
int password_post(struct req *r);

int register_page(struct req *r);
int register_post(struct req *r);

/* notifications.c. notifications_list adds the user's (and their
 * organisation's) notifications, newest first, as list key of v: at most
 * show of them from offset, each with time, text (in r->lang), link and
 * unread. Returns the rows found, show + 1 when there are more; -1 on
 * error. notifications_unread counts the unread ones, -1 on error. */
int notifications_list(
    struct req *r, struct tvars *v, const char *key, int show, int offset);
int64_t notifications_unread(struct req *r);
int notifications_page(struct req *r);
int notifications_read_post(struct req *r);

int admin_page(struct req *r);
int admin_users(struct req *r);
int admin_user_new(struct req *r);
int admin_user_create(struct req *r);
int admin_user_page(struct req *r);
int admin_user_post(struct req *r);
int admin_user_password(struct req *r);
int admin_orgs(struct req *r);
int admin_org_page(struct req *r);
int admin_org_post(struct req *r);
int admin_org_approve(struct req *r);
int admin_municipalities(struct req *r);
int admin_municipality_create(struct req *r);
int admin_municipality_post(struct req *r);
int admin_service_types(struct req *r);
int admin_service_type_post(struct req *r);
int admin_audit(struct req *r);
int admin_feedback(struct req *r);
/* admin_settings.c: the appeal instructions of award decisions. */
int admin_settings_page(struct req *r);
int admin_settings_post(struct req *r);

/* reports*.c: the reports of issue 6 (numbers in src/report.c). */
int reports_index(struct req *r);
int reports_volume(struct req *r);
int reports_volume_csv(struct req *r);
int reports_outcomes(struct req *r);
int reports_outcomes_csv(struct req *r);
int reports_occupancy(struct req *r);
int reports_occupancy_csv(struct req *r);
int reports_spending(struct req *r);
int reports_spending_csv(struct req *r);

#endif
