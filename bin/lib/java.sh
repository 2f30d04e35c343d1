# Sourced by the bin/ commands: the program's classpath, with target/kyeol-platform.jar built first when it is
# missing or older than its sources. Maven's own output goes to target/build.log; what it downloads is shown.
#   kyeol_classpath <command name>    prints the classpath (builds when needed; exits 1 when the build fails)
#   kyeol_java <main class> [args]    runs it on the JVM options every command uses, with class-data sharing
# KYEOL_CLASSPATH, when set, is used as is and nothing is built (the tests run the scripts against target/classes).

kyeol_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
kyeol_jar="$kyeol_root/target/kyeol-platform.jar"

# True when the jar is missing or a source of the program is newer than it.
kyeol_jar_stale() {
  [ ! -f "$kyeol_jar" ] && return 0
  [ -n "$(find "$kyeol_root/pom.xml" "$kyeol_root/src/main" -newer "$kyeol_jar" -type f -print -quit 2>/dev/null)" ]
}

kyeol_build() { # <command name>
  local name=$1 log="$kyeol_root/target/build.log" started=$SECONDS
  mkdir -p "$kyeol_root/target"
  if [ ! -d "$HOME/.m2/repository/com/pulumi/aws" ]; then
    echo "$name: first build: Maven downloads the Pulumi SDKs and the build plugins (about 110 MB into ~/.m2;" \
      "1 to 3 minutes on a fast connection), then compiles (about 30 s). Later builds take seconds." >&2
  else
    echo "$name: building target/kyeol-platform.jar (mvn -DskipTests package, about 15 s)..." >&2
  fi
  # Each download is one line: "Downloaded from central: <url> (<size> at <speed>)"; show the jars as they arrive.
  if ! (cd "$kyeol_root" && mvn -B -DskipTests -Dmaven.test.skip=true package 2>&1) | tee "$log" \
      | awk -v name="$name" '/^Downloaded from .*\.jar/ { n++; f = $4; sub(/.*\//, "", f); size = $5; sub(/^\(/, "", size);
                                 printf "%s:   downloaded %s (%s %s)\n", name, f, size, $6 > "/dev/stderr"; fflush("/dev/stderr") }'; then
    echo "$name: the build failed; the last lines of target/build.log:" >&2
    tail -n 30 "$log" >&2
    return 1
  fi
  grep -q "BUILD SUCCESS" "$log" || { echo "$name: the build failed; see target/build.log" >&2; tail -n 30 "$log" >&2; return 1; }
  echo "$name: built in $((SECONDS - started)) s" >&2
}

kyeol_classpath() { # <command name>
  if [ -n "${KYEOL_CLASSPATH:-}" ]; then
    printf '%s' "$KYEOL_CLASSPATH"
    return 0
  fi
  if kyeol_jar_stale; then
    kyeol_build "$1" || return 1
  fi
  printf '%s' "$kyeol_jar"
}

# A short-lived JVM: one GC thread, the quick compiler only, JVM warnings on stderr (stdout may be JSON).
kyeol_java_options=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:disable -Xlog:all=warning:stderr
  -Dkyeol.projectDir="$kyeol_root")
# Class-data sharing: the JVM maps the classes a previous run loaded, already parsed and verified, instead of reading
# them from the jars again. The first run after a build records them (-XX:ArchiveClassesAtExit, about a second more),
# the next ones use them; a new jar or a new JDK makes the next run record them again.
kyeol_cds_archive="$kyeol_root/target/kyeol-platform.jsa"

kyeol_java() { # <main class> [args...] on "$classpath" (set by the caller from kyeol_classpath)
  if [ -n "${KYEOL_CLASSPATH:-}" ] || [ "${KYEOL_CDS:-on}" = off ]; then
    exec java "${kyeol_java_options[@]}" -cp "$classpath" "$@"
  fi
  local jvm
  jvm=$(command -v java)
  if [ -f "$kyeol_cds_archive" ] && [ ! "$kyeol_jar" -nt "$kyeol_cds_archive" ] && [ ! "$jvm" -nt "$kyeol_cds_archive" ]; then
    exec java "${kyeol_java_options[@]}" -XX:SharedArchiveFile="$kyeol_cds_archive" -cp "$classpath" "$@"
  fi
  # Record the archive under a name of its own, so that a concurrent run never maps a half-written one.
  local temp="$kyeol_cds_archive.$$" status=0
  java "${kyeol_java_options[@]}" -Xlog:disable -XX:ArchiveClassesAtExit="$temp" -cp "$classpath" "$@" || status=$?
  if [ -s "$temp" ]; then mv -f "$temp" "$kyeol_cds_archive"; else rm -f "$temp"; fi
  return "$status"
}
