/*
 * profile.c — `normlint profile show NAME|FILE` prints the parameters a
 * profile gives the rules once it has inherited what it does not set (from
 * its extends:, else national): value, status, which profile set it, and
 * what it rests on. `normlint profile list` names the bundled profiles.
 */
#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("Usage: normlint profile show NAME|FILE\n"
          "       normlint profile list\n"
          "\n"
          "Show the jurisdiction parameters of a profile as the rules see them: each\n"
          "value with its status (verified, secondary, not-verified), the profile that\n"
          "set it (a profile inherits what it does not set from its extends:, else\n"
          "national) and the source it rests on; or list the bundled profiles.\n"
          "\n"
          "Options:\n"
          "  -h, --help  show this help\n",
          f);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int list_profiles(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    if (!cli_bundled_rules(dir, sizeof dir)) {
        fprintf(stderr, "normlint: no bundled rule pack, so no bundled profiles (looked in %s)\n", dir);
        return NL_EXIT_USAGE;
    }
    snprintf(path, sizeof path, "%s/profiles", dir);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "normlint: %s: cannot open the profiles folder\n", path);
        return NL_EXIT_USAGE;
    }
    char *names[256];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < 256) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] != '.' && len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0 &&
            (names[n] = strndup(de->d_name, len - 5)) != NULL)
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = NL_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        nl_profile *p = NULL;
        if (cli_load_profile(names[i], &p) != NL_EXIT_OK)
            rc = NL_EXIT_USAGE;
        else if (nl_profile_extends(p))
            printf("%-10s %s（未设定的参数继承自 %s）\n", names[i], nl_profile_title(p), nl_profile_extends(p));
        else
            printf("%-10s %s\n", names[i], nl_profile_title(p));
        nl_profile_free(p);
        free(names[i]);
    }
    return rc;
}

static int show_profile(const char *name)
{
    nl_profile *p = NULL;
    if (cli_load_profile(name, &p) != NL_EXIT_OK)
        return NL_EXIT_USAGE;
    if (!p) {
        fprintf(stderr, "normlint: profile '%s' not found\n", name);
        return NL_EXIT_USAGE;
    }
    printf("%s（%s）", nl_profile_name(p), nl_profile_title(p));
    if (nl_profile_extends(p))
        printf("，未设定的参数继承自 %s", nl_profile_extends(p));
    fputs("\n\n", stdout);
    nl_profile_value v;
    for (size_t i = 0; nl_profile_param(p, i, &v); i++) {
        printf("%s = %ld\n", v.key, v.value);
        printf("  状态：%s（%s）\n", strcmp(v.status, "verified") == 0     ? "已核实原文"
                                     : strcmp(v.status, "secondary") == 0 ? "仅见转引"
                                                                          : "未经核实，不据此报告错误",
               v.status);
        printf("  设定于：%s%s\n", v.from,
               strcmp(v.from, nl_profile_name(p)) ? "（继承；法律参考资料未载本地区的规定）" : "");
        if (v.source[0])
            printf("  来源：%s\n", v.source);
        if (v.basis[0] && strcmp(v.basis, v.source) != 0)
            printf("  引用为：%s\n", v.basis);
    }
    nl_profile_free(p);
    return ferror(stdout) ? NL_EXIT_USAGE : NL_EXIT_OK;
}

int cmd_profile(int argc, char **argv)
{
    int rc = cli_help_only("profile", argc, argv, usage);
    if (rc >= 0)
        return rc;
    if (optind < argc && strcmp(argv[optind], "list") == 0 && optind + 1 == argc)
        return list_profiles();
    if (optind + 2 == argc && strcmp(argv[optind], "show") == 0)
        return show_profile(argv[optind + 1]);
    cli_usage_error("profile", "expected 'show NAME' or 'list'");
    return NL_EXIT_USAGE;
}
