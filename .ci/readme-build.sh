#!/usr/bin/env bash
# Builds a new user's project from the README's own text: installs the runtime and the processor
# into the local Maven repository, writes a project whose pom is the README's Maven snippet inside
# a minimal <project>, whose sources are the README's example loss and its usage lines, compiles
# it with plain `mvn compile` and runs a main that checks the generated class against the
# annotated method. Each README piece is the fenced block after its `<!-- readme-build: NAME -->`
# marker, so editing the README changes what is built. Also checks the installed jars: the
# Automatic-Module-Name of the runtime and the processor, and their -sources and -javadoc jars.
# Arguments are passed to every mvn call (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() {
  echo "readme-build: $*" >&2
  exit 1
}

# The lines of the fenced block that follows the marker <!-- readme-build: $1 --> in README.md.
block() {
  local text
  text=$(awk -v marker="<!-- readme-build: $1 -->" '
    $0 == marker { armed = 1; next }
    armed && !inside && /^```/ { inside = 1; next }
    armed && !inside && NF { exit 2 }
    inside && /^```/ { closed = 1; exit }
    inside { print }
    END { if (!closed) exit 2 }' README.md) \
    || fail "README.md has no fenced block right after <!-- readme-build: $1 -->"
  [ -n "$text" ] || fail "README.md: the block after <!-- readme-build: $1 --> is empty"
  printf '%s\n' "$text"
}

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
[ -n "$version" ] || fail "cannot read the project version from pom.xml"

# Every TraceGrad version the README gives (Maven and Gradle snippets) is the project's: a stale
# one would otherwise build against whatever old jars the local repository still holds.
readme_versions=$(
  awk '/<artifactId>tracegrad-[a-z]+<\/artifactId>/ { want = 1; next }
       want && match($0, /<version>[^<]*<\/version>/) { print substr($0, RSTART + 9, RLENGTH - 19) }
       { want = 0 }' README.md
  grep -oE "dev\.tracegrad:tracegrad-[a-z]+:[^\"' )]+" README.md | cut -d: -f3 || true)
[ -n "$readme_versions" ] || fail "README.md names no TraceGrad version"
stale=$(printf '%s\n' "$readme_versions" | grep -vxF -- "$version" || true)
[ -z "$stale" ] || fail "README.md gives version(s) $(echo $stale) but the project is $version"

echo "--- installing runtime and processor $version"
mvn -B -q "$@" -DskipTests install -pl runtime,processor -am

for module in runtime:dev.tracegrad processor:dev.tracegrad.processor; do
  dir=${module%%:*} name=${module#*:}
  jar=$dir/target/tracegrad-$dir-$version.jar
  described=$(jar --describe-module --file "$jar")
  grep -qx "$name@$version automatic" <<<"$described" \
    || fail "$jar: expected automatic module $name, jar --describe-module says: $described"
  sources=$(jar tf "$dir/target/tracegrad-$dir-$version-sources.jar")
  grep -q '\.java$' <<<"$sources" || fail "$dir: the -sources jar holds no .java file"
  jar tf "$dir/target/tracegrad-$dir-$version-javadoc.jar" | grep -qx index.html \
    || fail "$dir: the -javadoc jar has no index.html"
  echo "$jar: Automatic-Module-Name $name; -sources and -javadoc jars present"
done

work=$(mktemp -d)
# Kept for a look when something fails.
trap 'if [ $? -eq 0 ]; then rm -rf "$work"; else echo "readme-build: project left in $work" >&2; fi' EXIT
mkdir -p "$work/src/main/java"

{
  cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>readme-user</artifactId>
  <version>1.0</version>
EOF
  block pom
  echo '</project>'
} >"$work/pom.xml"

block Losses.java >"$work/src/main/java/Losses.java"

# The usage lines run verbatim in a method where W1, W2, x, y exist; the check after them uses
# names of its own, so the README may rename its locals freely.
{
  cat <<'EOF'
import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import java.util.Random;

public final class ReadmeMain {
  public static void main(String[] args) {
    Random random = new Random(16);
    Matrix W1 = Matrix.random(5, 3, random);
    Matrix W2 = Matrix.random(4, 5, random);
    Matrix x = Matrix.random(3, 1, random);
    Matrix y = Matrix.column(0, 1, 0, 0);
    readme(W1, W2, x, y);
    fit(W1, W2, x, y);

    LossesTwoLayerGradient check = new LossesTwoLayerGradient();
    double expected = Losses.twoLayer(W1, W2, x, y);
    double actual = check.value(W1, W2, x, y);
    if (Math.abs(actual - expected) > 1e-12 * Math.max(1, Math.abs(expected))) {
      throw new AssertionError("value " + actual + " but Losses.twoLayer gives " + expected);
    }
    Matrix g1 = check.gradient(W1, W2, x, y).dW1();
    GradientCheck.Report report = GradientCheck.check(w -> Losses.twoLayer(w, W2, x, y), W1, g1);
    if (!report.passes(1e-6)) {
      throw new AssertionError("dW1 disagrees with central differences: " + report);
    }
    System.out.println("README example OK: value " + actual + " equals Losses.twoLayer; dW1 "
        + "agrees with central differences");
  }

  private static void readme(Matrix W1, Matrix W2, Matrix x, Matrix y) {
EOF
  block usage
  cat <<'EOF'
  }

  private static void fit(Matrix W1, Matrix W2, Matrix x, Matrix y) {
EOF
  block fit
  cat <<'EOF'
    double before = new LossesTwoLayerGradient().value(W1, W2, x, y);
    if (!(fit.value() < before)) {
      throw new AssertionError("the fit did not lower the loss: " + fit);
    }
    System.out.println("README fit OK: loss " + before + " -> " + fit.value() + " ("
        + fit.status() + "), W1 " + fittedW1.rows() + "x" + fittedW1.cols() + ", W2 "
        + fittedW2.rows() + "x" + fittedW2.cols());
  }
}
EOF
} >"$work/src/main/java/ReadmeMain.java"

echo "--- compiling the README's project with mvn compile"
(cd "$work" && mvn -B "$@" compile) >"$work/compile.log" 2>&1 || {
  cat "$work/compile.log"
  fail "the project built from README.md does not compile"
}
[ -f "$work/target/classes/LossesTwoLayerGradient.class" ] || {
  cat "$work/compile.log"
  fail "compiling the README's project generated no LossesTwoLayerGradient"
}

(cd "$work" && mvn -B -q "$@" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=classpath.txt >/dev/null)
java -cp "$work/target/classes:$(cat "$work/classpath.txt")" ReadmeMain >"$work/run.log" 2>&1 || {
  cat "$work/run.log"
  fail "the README's example fails at run time"
}
tail -n 1 "$work/run.log"

# The same project as a named module, with the README's module-info.java: the runtime must
# resolve by its Automatic-Module-Name and the generated code must compile and run there.
modular=$work/modular
mkdir -p "$modular/src/main/java/com/example"
cp "$work/pom.xml" "$modular/"
block module-info.java >"$modular/src/main/java/module-info.java"
for source in Losses ReadmeMain; do
  { echo 'package com.example;'; cat "$work/src/main/java/$source.java"; } \
    >"$modular/src/main/java/com/example/$source.java"
done
echo "--- compiling it as the named module of the README's module-info.java"
(cd "$modular" && mvn -B "$@" compile) >"$modular/compile.log" 2>&1 || {
  cat "$modular/compile.log"
  fail "the README's project does not compile as a named module"
}
module=$(sed -n 's/^module \([A-Za-z0-9_.]*\) {$/\1/p' "$modular/src/main/java/module-info.java")
java -p "$modular/target/classes:$(cat "$work/classpath.txt")" -m "$module/com.example.ReadmeMain" \
  >"$modular/run.log" 2>&1 || {
  cat "$modular/run.log"
  fail "the README's example fails at run time on the module path"
}
echo "on the module path: $(tail -n 1 "$modular/run.log")"
