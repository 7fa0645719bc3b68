#!/bin/sh
# Runs java with the Vector API's incubator module when this Java has it (the weight codec's vector
# loops; without it the plain loops run, same bits), so an image whose JRE lacks the module still
# starts. The archive recorded at build time and every node run through here, with the same modules.
if java --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
  exec java --add-modules=jdk.incubator.vector "$@"
fi
exec java "$@"
