#!/bin/sh
# Build the quorum-analysis stable plugin and install it into an Elasticsearch distribution.
#
# usage: build.sh ES_HOME JAVA_BIN
#   ES_HOME   unpacked Elasticsearch distribution (its lib/ provides the compile classpath)
#   JAVA_BIN  a java >= 21 executable (a runtime is enough, no javac needed)
# env:
#   QUORUM_CACHE  download/build cache (default: <repo>/.cache); ECJ is fetched from Maven Central once
#
# Result: $ES_HOME/plugins/quorum-analysis/ (replaced on every run). Restart Elasticsearch to load it.
set -eu

ECJ_VERSION=3.38.0
ECJ_SHA1=86b2e4ab1d6aef91cb21f4d2ec364afb75d05b2c
PLUGIN=quorum-analysis
PLUGIN_VERSION=1.0.0

die() { echo "build.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: $0 ES_HOME JAVA_BIN"
ES_HOME=$(cd "$1" && pwd) || die "ES_HOME [$1] not found"
JAVA_BIN=$2
[ -x "$JAVA_BIN" ] || JAVA_BIN=$(command -v "$JAVA_BIN") || die "JAVA_BIN [$2] is not executable"

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
CACHE=${QUORUM_CACHE:-$REPO/.cache}
LIB=$ES_HOME/lib

# Elasticsearch refuses plugins built for another version: take it from lib/elasticsearch-<version>.jar
ES_VERSION=
for f in "$LIB"/elasticsearch-[0-9]*.jar; do
    [ -f "$f" ] || continue
    ES_VERSION=$(basename "$f" .jar | sed 's/^elasticsearch-//')
done
[ -n "$ES_VERSION" ] || die "no $LIB/elasticsearch-<version>.jar"

# compile classpath: the stable plugin API and Lucene, as shipped by the distribution
CP=
for pattern in elasticsearch-plugin-api- elasticsearch-plugin-analysis-api- lucene-core- lucene-analysis-common-; do
    jar=
    for f in "$LIB/$pattern"[0-9]*.jar; do [ -f "$f" ] && jar=$f; done
    [ -n "$jar" ] || die "missing $LIB/${pattern}*.jar"
    CP=${CP:+$CP:}$jar
done

# Eclipse Compiler for Java (runs on JAVA_BIN, so no JDK is needed)
mkdir -p "$CACHE/ecj"
ECJ=$CACHE/ecj/ecj-$ECJ_VERSION.jar
if [ ! -f "$ECJ" ]; then
    tmp=$CACHE/ecj/download.$$
    mkdir -p "$tmp"
    if command -v mvn >/dev/null 2>&1; then
        log=$(mvn -q -B -Dstyle.color=never dependency:copy -Dartifact=org.eclipse.jdt:ecj:$ECJ_VERSION \
            -DoutputDirectory="$tmp" 2>&1) || { echo "$log" >&2; die "could not fetch org.eclipse.jdt:ecj:$ECJ_VERSION with mvn"; }
    else
        curl -fsSL -o "$tmp/ecj-$ECJ_VERSION.jar" \
            "https://repo1.maven.org/maven2/org/eclipse/jdt/ecj/$ECJ_VERSION/ecj-$ECJ_VERSION.jar" \
            || die "could not download ecj $ECJ_VERSION"
    fi
    sum=$(sha1sum "$tmp/ecj-$ECJ_VERSION.jar" | cut -d' ' -f1)
    [ "$sum" = "$ECJ_SHA1" ] || die "ecj checksum mismatch ($sum)"
    mv "$tmp/ecj-$ECJ_VERSION.jar" "$ECJ"
    rm -rf "$tmp"
fi

BUILD=$CACHE/$PLUGIN-build
rm -rf "$BUILD"
mkdir -p "$BUILD/classes" "$BUILD/plugin"

# shellcheck disable=SC2046 # file names are fixed, without spaces
"$JAVA_BIN" -jar "$ECJ" --release 21 -encoding UTF-8 -proc:none -nowarn -d "$BUILD/classes" -cp "$CP" \
    $(find "$HERE/src/main/java" -name '*.java' | LC_ALL=C sort) \
    || die "compilation failed (JAVA_BIN must be Java 21 or newer)"

JAR=$BUILD/plugin/$PLUGIN-$PLUGIN_VERSION.jar
if command -v python3 >/dev/null 2>&1; then
    # reproducible jar: sorted entries, fixed timestamps
    python3 - "$BUILD/classes" "$JAR" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
stamp = (1980, 1, 1, 0, 0, 0)
with zipfile.ZipFile(out, "w") as z:
    def add(name, data):
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                add(os.path.relpath(path, src).replace(os.sep, "/"), fh.read())
PY
elif command -v zip >/dev/null 2>&1; then
    (cd "$BUILD/classes" && zip -q -X -r "$JAR" .)
else
    die "need python3 or zip to create the jar"
fi

sed "s/@ELASTICSEARCH_VERSION@/$ES_VERSION/" "$HERE/src/main/plugin-metadata/stable-plugin-descriptor.properties" \
    > "$BUILD/plugin/stable-plugin-descriptor.properties"
cp "$HERE/src/main/plugin-metadata/named_components.json" "$BUILD/plugin/"
chmod 755 "$BUILD/plugin"
chmod 644 "$BUILD/plugin"/*

# install: replace the plugin directory as a whole
DEST=$ES_HOME/plugins/$PLUGIN
mkdir -p "$ES_HOME/plugins"
rm -rf "$DEST"
cp -R "$BUILD/plugin" "$DEST"
rm -rf "$BUILD"
echo "installed $PLUGIN $PLUGIN_VERSION for Elasticsearch $ES_VERSION into $DEST"
