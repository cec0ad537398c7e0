/*
 * ruleopts.c — the rule options that check and annotate share (--rules,
 * --no-bundled, --enable/--disable, --profile, --config/--no-config), and
 * turning them, with the project config, into a profile and a ruleset.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_rule_option(const char *cmd, int opt, const char *arg, cli_rule_opts *o)
{
    switch (opt) {
    case 'r':
        if (o->npacks == CLI_MAX_PACKS) {
            cli_usage_error(cmd, "at most %d --rules options", CLI_MAX_PACKS);
            return -1;
        }
        o->packs[o->npacks++] = arg;
        return 1;
    case CLI_O_NO_BUNDLED: o->no_bundled = 1; return 1;
    case CLI_O_DISABLE:
    case CLI_O_ENABLE:
        if (o->ntoggles == CLI_MAX_TOGGLES) {
            cli_usage_error(cmd, "too many --enable/--disable options");
            return -1;
        }
        o->toggles[o->ntoggles] = arg;
        o->toggle_on[o->ntoggles++] = opt == CLI_O_ENABLE;
        return 1;
    case CLI_O_PROFILE: o->profile = arg; return 1;
    case CLI_O_CONFIG: o->config = arg; return 1;
    case CLI_O_NO_CONFIG: o->no_config = 1; return 1;
    default: return 0;
    }
}

int cli_rule_setup(const char *cmd, cli_rule_opts *o, const char *start, nl_config **cfg, nl_profile **profile,
                   nl_ruleset **rs)
{
    nl_error err;
    *cfg = NULL;
    *profile = NULL;
    *rs = NULL;
    if (o->no_bundled && o->npacks == 0) {
        cli_usage_error(cmd, "--no-bundled needs at least one --rules DIR");
        return NL_EXIT_USAGE;
    }
    /* the project config: --config, else .normlint.yaml upward from `start`
       (a directory, or the folder of a file) */
    const char *config = o->config;
    char found[4096];
    if (!o->no_config && !config) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", start);
        struct stat sb;
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            char *slash = strrchr(dir, '/');
            if (slash)
                *slash = '\0';
            else
                strcpy(dir, ".");
        }
        if (nl_config_find(dir, found, sizeof found))
            config = found;
    }
    if (config && !o->no_config && nl_config_load(cfg, config, &err) != NL_OK) {
        /* where in the file, as rule and profile errors say it */
        if (err.line)
            fprintf(stderr, "%s:%lu:%lu: config error: %s\n", err.path, err.line, err.column, err.message);
        else
            cli_error(&err);
        return NL_EXIT_USAGE;
    }
    const char *profile_name = o->profile;
    if (*cfg) {
        for (size_t i = 0; i < nl_config_rules_count(*cfg) && o->npacks < CLI_MAX_PACKS; i++)
            o->packs[o->npacks++] = nl_config_rules(*cfg, i);
        if (!profile_name)
            profile_name = nl_config_profile(*cfg);
    }
    if (cli_load_profile(profile_name, profile) != NL_EXIT_OK)
        return NL_EXIT_USAGE;
    if (cli_load_rules(rs, o->packs, o->npacks, !o->no_bundled, 1) != NL_EXIT_OK) {
        fprintf(stderr, "normlint: the rule packs have errors; nothing was checked\n");
        return NL_EXIT_USAGE;
    }
    /* findings cite what the profile in force rests on */
    if (nl_ruleset_apply_profile(*rs, *profile) != NL_OK) {
        fprintf(stderr, "normlint: out of memory\n");
        return NL_EXIT_USAGE;
    }
    if (*cfg && nl_config_apply(*cfg, *rs, &err) != NL_OK) {
        cli_error(&err);
        return NL_EXIT_USAGE;
    }
    for (size_t i = 0; i < o->ntoggles; i++)
        if (nl_ruleset_set_enabled(*rs, o->toggles[i], o->toggle_on[i], &err) != NL_OK) {
            cli_usage_error(cmd, "%s %s: %s", o->toggle_on[i] ? "--enable" : "--disable", o->toggles[i], err.message);
            return NL_EXIT_USAGE;
        }
    return NL_EXIT_OK;
}
