/*
 * profile.c — jurisdiction parameters. A profile is a YAML file:
 *
 *   name: national
 *   title: 全国通行做法
 *   parameters:
 *     validity.max-years: {value: 5, status: secondary, source: "…"}
 *
 * `status` is verified, secondary or not-verified (params.md's legend); the
 * engine never reports an error that rests on a not-verified parameter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normlint/rules.h"
#include "rules/yaml.h"

typedef struct param {
    char *key;
    long value;
    int verified;
} param;

struct nl_profile {
    char *name, *title;
    param *p;
    size_t n;
};

void nl_profile_free(nl_profile *pr)
{
    if (!pr)
        return;
    for (size_t i = 0; i < pr->n; i++)
        free(pr->p[i].key);
    free(pr->p);
    free(pr->name);
    free(pr->title);
    free(pr);
}

/* Used for rule examples and when no profile is given: the national defaults
   of rules/profiles/national.yaml (common practice, see its sources). */
static char k_valid[] = "validity.max-years", k_trial[] = "validity.max-years-trial",
            k_delay[] = "effective.min-delay-days", k_name[] = "builtin", k_title[] = "内置默认参数";
static param builtin_params[] = {{k_valid, 5, 1}, {k_trial, 2, 1}, {k_delay, 30, 1}};
static const nl_profile builtin = {k_name, k_title, builtin_params, 3};

const nl_profile *nl_profile_builtin(void) { return &builtin; }

const char *nl_profile_name(const nl_profile *p) { return p && p->name ? p->name : ""; }
const char *nl_profile_title(const nl_profile *p) { return p && p->title ? p->title : ""; }

int nl_profile_number(const nl_profile *pr, const char *key, long *value, int *verified)
{
    for (size_t i = 0; pr && i < pr->n; i++)
        if (strcmp(pr->p[i].key, key) == 0) {
            *value = pr->p[i].value;
            if (verified)
                *verified = pr->p[i].verified;
            return 1;
        }
    return 0;
}

static nl_status bad(nl_error *err, const char *path, const nl_ynode *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static nl_status bad(nl_error *err, const char *path, const nl_ynode *n, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nl_error_set(err, NL_ERR_RULE, path, "%s", msg);
    if (err) {
        err->line = n ? n->line : 0;
        err->column = n ? n->column : 0;
    }
    return NL_ERR_RULE;
}

static nl_status read_profile(nl_profile *pr, const char *path, const nl_ynode *root, nl_error *err)
{
    if (!root || root->kind != NL_Y_MAP)
        return bad(err, path, root, "a profile is a mapping with name, title and parameters%s", "");
    for (size_t i = 0; i < root->n; i++) {
        const char *k = root->keys[i]->str;
        if (strcmp(k, "name") && strcmp(k, "title") && strcmp(k, "parameters") && strcmp(k, "source"))
            return bad(err, path, root->keys[i], "unknown key '%s' in a profile (expected name, title, parameters)", k);
    }
    const nl_ynode *name = nl_yaml_get(root, "name"), *title = nl_yaml_get(root, "title"),
                   *params = nl_yaml_get(root, "parameters");
    if (!name || name->kind != NL_Y_SCALAR)
        return bad(err, path, root, "a profile needs a 'name'%s", "");
    pr->name = strdup(name->str);
    pr->title = strdup(title && title->kind == NL_Y_SCALAR ? title->str : "");
    if (!params || params->kind != NL_Y_MAP)
        return bad(err, path, params ? params : root, "a profile needs a 'parameters' mapping%s", "");
    pr->p = calloc(params->n ? params->n : 1, sizeof *pr->p);
    if (!pr->p || !pr->name || !pr->title)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    for (size_t i = 0; i < params->n; i++) {
        const nl_ynode *v = params->items[i], *val = v, *status = NULL;
        if (v->kind == NL_Y_MAP) {
            for (size_t k = 0; k < v->n; k++) {
                const char *kk = v->keys[k]->str;
                if (strcmp(kk, "value") && strcmp(kk, "status") && strcmp(kk, "source"))
                    return bad(err, path, v->keys[k], "unknown key '%s' in a parameter (expected value, status, source)",
                               kk);
            }
            val = nl_yaml_get(v, "value");
            status = nl_yaml_get(v, "status");
        }
        char *end = NULL;
        long num = val && val->kind == NL_Y_SCALAR ? strtol(val->str, &end, 10) : 0;
        if (!val || val->kind != NL_Y_SCALAR || !end || *end || end == val->str)
            return bad(err, path, val ? val : v, "parameter '%s' needs a whole-number value", params->keys[i]->str);
        int verified = 1;
        if (status) {
            if (status->kind != NL_Y_SCALAR ||
                (strcmp(status->str, "verified") && strcmp(status->str, "secondary") && strcmp(status->str, "not-verified")))
                return bad(err, path, status, "status must be verified, secondary or not-verified%s", "");
            verified = strcmp(status->str, "not-verified") != 0;
        }
        pr->p[pr->n].key = strdup(params->keys[i]->str);
        if (!pr->p[pr->n].key)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        pr->p[pr->n].value = num;
        pr->p[pr->n].verified = verified;
        pr->n++;
    }
    return NL_OK;
}

nl_status nl_profile_load(nl_profile **out, const char *path, nl_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return nl_error_set(err, NL_ERR_IO, path, "cannot open profile");
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    int big = n == sizeof buf;
    fclose(f);
    if (big)
        return nl_error_set(err, NL_ERR_RULE, path, "profile larger than 64 KiB");
    nl_ynode *root = NULL;
    nl_status st = nl_yaml_parse(&root, path, buf, n, err);
    if (st != NL_OK)
        return st;
    nl_profile *pr = calloc(1, sizeof *pr);
    if (!pr) {
        nl_yaml_free(root);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    st = read_profile(pr, path, root, err);
    nl_yaml_free(root);
    if (st != NL_OK) {
        nl_profile_free(pr);
        return st;
    }
    *out = pr;
    return NL_OK;
}
