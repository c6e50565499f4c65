/* contracts: framework contracts between the county and providers.
 * Officers create them from awarded lots (one step per lot) or by hand
 * (a direct award) and take them through their life: sign, activate,
 * extend, end, terminate. Caseworkers, finance and administrators read
 * every contract; a provider reads its own organisation's. Each route
 * lists who may call it; handlers also check the contract's status and,
 * for providers, that the contract is theirs. */
#include "contracts/contracts.h"

#define O ROLE_OFFICER

static const struct route routes[] = {
    {"GET", "/contracts", contracts_list, ROLE_USER, 0},
    {"GET", "/contracts/awarded", contracts_awarded_page, O, 0},
    {"POST", "/contracts/awarded/:id", contracts_awarded_create, O, 0},
    {"GET", "/contracts/new", contract_new_page, O, 0},
    {"POST", "/contracts/new", contract_new_post, O, 0},
    {"GET", "/contracts/:id", contract_page, ROLE_USER, 0},
    {"POST", "/contracts/:id/sign", contract_sign, O, 0},
    {"POST", "/contracts/:id/activate", contract_activate, O, 0},
    {"POST", "/contracts/:id/extend", contract_extend, O, 0},
    {"POST", "/contracts/:id/end", contract_end, O, 0},
    {"POST", "/contracts/:id/terminate", contract_terminate, O, 0},
};

static const struct app app = {
    "contracts", routes, sizeof(routes) / sizeof(routes[0])};

int main(int argc, char **argv)
{
	return app_main(argc, argv, &app);
}
