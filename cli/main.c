/* Placeholder entry point until the subcommands land (see cli/). */
#include <stdio.h>

#include "sim/version_gen.h"

int main(void) {
    printf("clustersim %s\n", CSIM_VERSION_STRING);
    return 0;
}
