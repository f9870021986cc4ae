#include "scenarios/scenario.h"

#include <stdlib.h>
#include <string.h>

void csim_scenario_destroy(csim_scenario *scenario) {
    free(scenario->path);
    free(scenario->name);
    free(scenario->text);
    free(scenario->overrides);
    memset(scenario, 0, sizeof *scenario);
}
