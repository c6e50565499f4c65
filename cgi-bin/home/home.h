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

#endif
