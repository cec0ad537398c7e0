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

#include "core/grow.h"
#include "normlint/rules.h"
#include "rules/yaml.h"

typedef struct param {
    char *key;
    long value;
    int verified;
    char *status; /* verified, secondary, not-verified */
    char *source; /* what the value rests on, as the profile says it */
    char *basis;  /* the citation findings show (basis:), else NULL: the source */
    char *from;   /* the name of the profile that set it */
} param;

struct nl_profile {
    char *name, *title, *extends;
    param *p;
    size_t n;
};

/* The parameters the rules and the audit read; any other key is an error. */
static const char *const known_keys[] = {"validity.max-years", "validity.max-years-trial", "effective.min-delay-days",
                                         "filing.deadline-days", "comment.min-days"};

int nl_profile_key_known(const char *key)
{
    for (size_t k = 0; k < sizeof known_keys / sizeof known_keys[0]; k++)
        if (strcmp(key, known_keys[k]) == 0)
            return 1;
    return 0;
}

static void free_param(param *q)
{
    free(q->key);
    free(q->status);
    free(q->source);
    free(q->basis);
    free(q->from);
}

void nl_profile_free(nl_profile *pr)
{
    if (!pr || pr == nl_profile_builtin())
        return;
    for (size_t i = 0; i < pr->n; i++)
        free_param(&pr->p[i]);
    free(pr->p);
    free(pr->name);
    free(pr->title);
    free(pr->extends);
    free(pr);
}

/* Used for rule examples and when no profile is given: the national defaults
   of rules/profiles/national.yaml (common practice, see its sources). */
static char k_valid[] = "validity.max-years", k_trial[] = "validity.max-years-trial",
            k_delay[] = "effective.min-delay-days", k_name[] = "builtin", k_title[] = "内置默认参数",
            k_secondary[] = "secondary", k_src_valid[] = "有效期一般不超过5年（多数省级规定，通行做法）",
            k_src_trial[] = "暂行、试行文件有效期一般不超过2年（通行做法）",
            k_src_delay[] = "涉及市场主体的文件一般留出三十日的适应调整期（通行做法）";
static param builtin_params[] = {{k_valid, 5, 1, k_secondary, k_src_valid, NULL, k_name},
                                 {k_trial, 2, 1, k_secondary, k_src_trial, NULL, k_name},
                                 {k_delay, 30, 1, k_secondary, k_src_delay, NULL, k_name}};
static const nl_profile builtin = {k_name, k_title, NULL, builtin_params, 3};

const nl_profile *nl_profile_builtin(void) { return &builtin; }

const char *nl_profile_name(const nl_profile *p) { return p && p->name ? p->name : ""; }
const char *nl_profile_title(const nl_profile *p) { return p && p->title ? p->title : ""; }

const char *nl_profile_extends(const nl_profile *p)
{
    if (!p || p == &builtin)
        return NULL;
    if (p->extends)
        return p->extends;
    return strcmp(nl_profile_name(p), "national") == 0 ? NULL : "national";
}

static const param *find(const nl_profile *pr, const char *key)
{
    for (size_t i = 0; pr && i < pr->n; i++)
        if (strcmp(pr->p[i].key, key) == 0)
            return &pr->p[i];
    return NULL;
}

int nl_profile_number(const nl_profile *pr, const char *key, long *value, int *verified)
{
    const param *q = find(pr, key);
    if (!q)
        return 0;
    *value = q->value;
    if (verified)
        *verified = q->verified;
    return 1;
}

size_t nl_profile_count(const nl_profile *pr) { return pr ? pr->n : 0; }

int nl_profile_param(const nl_profile *pr, size_t i, nl_profile_value *out)
{
    if (!pr || i >= pr->n)
        return 0;
    const param *q = &pr->p[i];
    out->key = q->key;
    out->value = q->value;
    out->status = q->status ? q->status : "verified";
    out->source = q->source ? q->source : "";
    out->basis = q->basis ? q->basis : out->source;
    out->from = q->from ? q->from : nl_profile_name(pr);
    return 1;
}

const char *nl_profile_basis(const nl_profile *pr, const char *key)
{
    const param *q = find(pr, key);
    if (!q)
        return NULL;
    return q->basis ? q->basis : q->source;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

nl_status nl_profile_inherit(nl_profile *pr, const nl_profile *parent)
{
    size_t add = 0;
    for (size_t i = 0; parent && i < parent->n; i++)
        add += find(pr, parent->p[i].key) == NULL;
    if (!add)
        return NL_OK;
    size_t cap = pr->n; /* pr->p holds at least that many */
    if (nl_reserve((void **)&pr->p, &cap, pr->n + add, sizeof *pr->p, 8) != 0)
        return NL_ERR_NOMEM;
    for (size_t i = 0; i < parent->n; i++) {
        const param *q = &parent->p[i];
        if (find(pr, q->key))
            continue;
        param *d = &pr->p[pr->n];
        memset(d, 0, sizeof *d);
        d->value = q->value;
        d->verified = q->verified;
        d->key = strdup(q->key);
        d->status = dup_or_null(q->status);
        d->source = dup_or_null(q->source);
        d->basis = dup_or_null(q->basis);
        d->from = dup_or_null(q->from ? q->from : parent->name);
        pr->n++;
        if (!d->key || (q->status && !d->status) || (q->source && !d->source) || (q->basis && !d->basis) || !d->from)
            return NL_ERR_NOMEM;
    }
    return NL_OK;
}

static nl_status read_profile(nl_profile *pr, const char *path, const nl_ynode *root, nl_error *err)
{
    if (!root || root->kind != NL_Y_MAP)
        return nl_yaml_error(err, path, root, "a profile is a mapping with name, title and parameters%s", "");
    for (size_t i = 0; i < root->n; i++) {
        const char *k = root->keys[i]->str;
        if (strcmp(k, "name") && strcmp(k, "title") && strcmp(k, "parameters") && strcmp(k, "source") &&
            strcmp(k, "extends"))
            return nl_yaml_error(err, path, root->keys[i],
                       "unknown key '%s' in a profile (expected name, title, extends, parameters)", k);
    }
    const nl_ynode *ext = nl_yaml_get(root, "extends");
    if (ext && (ext->kind != NL_Y_SCALAR || !ext->len))
        return nl_yaml_error(err, path, ext, "'extends' names the profile this one inherits from (national)%s", "");
    if (ext && !(pr->extends = strdup(ext->str)))
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    const nl_ynode *name = nl_yaml_get(root, "name"), *title = nl_yaml_get(root, "title"),
                   *params = nl_yaml_get(root, "parameters");
    if (!name || name->kind != NL_Y_SCALAR)
        return nl_yaml_error(err, path, root, "a profile needs a 'name'%s", "");
    pr->name = strdup(name->str);
    pr->title = strdup(title && title->kind == NL_Y_SCALAR ? title->str : "");
    if (!params || params->kind != NL_Y_MAP)
        return nl_yaml_error(err, path, params ? params : root, "a profile needs a 'parameters' mapping%s", "");
    pr->p = calloc(params->n ? params->n : 1, sizeof *pr->p);
    /* find() walks pr->n entries, filled as they are read */
    if (!pr->p || !pr->name || !pr->title)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    for (size_t i = 0; i < params->n; i++) {
        const nl_ynode *v = params->items[i], *val = v, *status = NULL, *source = NULL, *basis = NULL;
        const char *key = params->keys[i]->str;
        if (!nl_profile_key_known(key))
            return nl_yaml_error(err, path, params->keys[i],
                       "unknown parameter '%s' (known: validity.max-years, validity.max-years-trial, "
                       "effective.min-delay-days, filing.deadline-days, comment.min-days)", key);
        if (find(pr, key))
            return nl_yaml_error(err, path, params->keys[i], "parameter '%s' set twice", key);
        if (v->kind == NL_Y_MAP) {
            for (size_t k = 0; k < v->n; k++) {
                const char *kk = v->keys[k]->str;
                if (strcmp(kk, "value") && strcmp(kk, "status") && strcmp(kk, "source") && strcmp(kk, "basis"))
                    return nl_yaml_error(err, path, v->keys[k],
                               "unknown key '%s' in a parameter (expected value, status, source, basis)", kk);
            }
            val = nl_yaml_get(v, "value");
            status = nl_yaml_get(v, "status");
            source = nl_yaml_get(v, "source");
            basis = nl_yaml_get(v, "basis");
            if ((source && source->kind != NL_Y_SCALAR) || (basis && basis->kind != NL_Y_SCALAR))
                return nl_yaml_error(err, path, v, "'source' and 'basis' of '%s' are text", key);
        }
        char *end = NULL;
        long num = val && val->kind == NL_Y_SCALAR ? strtol(val->str, &end, 10) : 0;
        if (!val || val->kind != NL_Y_SCALAR || !end || *end || end == val->str)
            return nl_yaml_error(err, path, val ? val : v, "parameter '%s' needs a whole-number value", params->keys[i]->str);
        int verified = 1;
        if (status) {
            if (status->kind != NL_Y_SCALAR ||
                (strcmp(status->str, "verified") && strcmp(status->str, "secondary") && strcmp(status->str, "not-verified")))
                return nl_yaml_error(err, path, status, "status must be verified, secondary or not-verified%s", "");
            verified = strcmp(status->str, "not-verified") != 0;
        }
        param *q = &pr->p[pr->n++];
        q->key = strdup(key);
        q->value = num;
        q->verified = verified;
        q->status = strdup(status ? status->str : "verified");
        q->source = strdup(source ? source->str : "");
        q->basis = basis ? strdup(basis->str) : NULL;
        q->from = strdup(pr->name);
        if (!q->key || !q->status || !q->source || (basis && !q->basis) || !q->from)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
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
