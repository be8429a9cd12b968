#include "trellis/app/commands.h"

int main(int argc, char** argv) { return trellis::app::runCommandLine(argc, argv); }
