/*
 * cli.h — what the subcommands of the normlint program share: the exit codes
 * (the only place they are defined), the subcommand table row and the error
 * printer. Subcommands use only the public library API.
 */
#ifndef NL_CMD_CLI_H
#define NL_CMD_CLI_H

#include "normlint/normlint.h"

/* Exit codes; their numbers never change. */
enum {
    NL_EXIT_OK = 0,         /* nothing at or above --fail-on */
    NL_EXIT_FINDINGS = 1,   /* findings at or above --fail-on */
    NL_EXIT_USAGE = 2,      /* usage, configuration or rule error */
    NL_EXIT_UNREADABLE = 3  /* some input could not be read (others were still processed) */
};

typedef struct nl_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} nl_command;

/* "normlint: PATH: MESSAGE" (or "normlint: MESSAGE" without a path) on stderr. */
void cli_error(const nl_error *err);
void cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

int cmd_parse(int argc, char **argv);

#endif
