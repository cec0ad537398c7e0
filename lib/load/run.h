/*
 * run.h — running a converter program on bytes in memory (internal).
 *
 * A format normlint reads through another program (PDF through poppler's
 * pdftotext) runs it as a child process: from an argv, never a shell; the
 * input handed over as its standard input from an anonymous in-memory file,
 * so nothing is written next to the input and no temporary file is left
 * behind; its standard output kept up to a cap and its standard error up to
 * NL_RUN_ERR_KEEP bytes; the whole run held to a wall-clock limit, after
 * which the child is killed, and its address space to a cap (set right after
 * it starts: a bound against a blow-up, not against its first allocations).
 * The program is looked up on PATH (posix_spawnp).
 */
#ifndef NL_LOAD_RUN_H
#define NL_LOAD_RUN_H

#include <stddef.h>
#include "normlint/core.h"

#define NL_RUN_ERR_KEEP 2048

typedef enum nl_run_outcome {
    NL_RUN_EXITED = 0, /* the program ended by itself: `code` is its exit status */
    NL_RUN_SIGNALLED,  /* killed by signal `code` (a crash) */
    NL_RUN_NOT_FOUND,  /* the program is not installed (not on PATH, or not executable) */
    NL_RUN_TIMEOUT,    /* still running at the time limit: killed */
    NL_RUN_TOO_MUCH    /* wrote more than the output cap: killed */
} nl_run_outcome;

typedef struct nl_run_limits {
    size_t output;   /* bytes of standard output kept; one more and the child is killed */
    unsigned seconds; /* wall-clock time */
    size_t memory;   /* address space of the child (RLIMIT_AS); 0: none */
} nl_run_limits;

typedef struct nl_run_result {
    nl_run_outcome outcome;
    int code; /* NL_RUN_EXITED: the exit status; NL_RUN_SIGNALLED: the signal; else 0 */
    char *out; /* standard output, NUL-terminated (malloc'd: the caller frees it) */
    size_t out_len;
    char err[NL_RUN_ERR_KEEP + 1]; /* the start of standard error, NUL-terminated */
} nl_run_result;

/* Run argv[0] (NULL-terminated argv) with input[0..len) on its standard
 * input, within the limits. NL_OK whenever the program could be started or
 * was found missing: *res then says how it ended (res->out, which the
 * caller frees, is set only for NL_RUN_EXITED and NL_RUN_SIGNALLED).
 * NL_ERR_IO or NL_ERR_NOMEM, with err filled (`path` names the input), when
 * this process could not set the run up (no pipe, no memory). */
nl_status nl_run(nl_run_result *res, char *const argv[], const void *input, size_t len, const nl_run_limits *lim,
                 const char *path, nl_error *err);

#endif
