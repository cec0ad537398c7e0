/*
 * grow.h — growing arrays (internal include): nl_grow and nl_reserve are
 * declared, with their contract, in the public normlint/core.h, so that the
 * library and the command line grow arrays one way.
 */
#ifndef NL_CORE_GROW_H
#define NL_CORE_GROW_H

#include "normlint/core.h"

#endif
