# One image for loadgen and for the demo services; the command chooses (docs/deploy.md):
#   docker build -t loadgen/loadgen:0.1.0 .
#   docker run --rm loadgen/loadgen:0.1.0 --users 10 --duration 1m          a run against the built-in demo
#   docker run --rm -p 8081-8084:8081-8084 loadgen/loadgen:0.1.0 demo --host 0.0.0.0
#   docker run --rm -e DEMO_JWT_SECRET=... loadgen/loadgen:0.1.0 demo --service posts --port 8083 --host 0.0.0.0
#
# Build arguments (the defaults are the official images and a jar built by Maven inside the build):
#   BUILD_IMAGE    the JDK + Maven image of the build stage
#   RUNTIME_IMAGE  the runtime's base: a JRE 21 or later, with bash, groupadd and useradd
#   JAR            where the jar comes from: "build" (Maven in BUILD_IMAGE) or "prebuilt" (tool/target/loadgen.jar,
#                  built beforehand on the host by ./loadgen --version or mvn package; the build stage is then skipped)
#   AOT            "on": on a JRE 25+, a training run of a few seconds on loopback makes the AOT cache that containers
#                  start from (JEP 483/514, about 45 MB; docs/running.md); "off": none
# No "# syntax=" line: the Dockerfile frontend built into BuildKit reads this file, nothing is pulled for it.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre-noble
ARG JAR=build

# --- build: Maven on a full JDK; the jar is the same one ./loadgen builds -------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# the Maven repository lives in a cache mount, so a rebuild downloads nothing
COPY pom.xml ./
COPY demo/pom.xml demo/
COPY tool/pom.xml tool/
COPY demo/src demo/src
COPY tool/src tool/src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -Dmaven.test.skip=true package \
    && cp tool/target/loadgen.jar /loadgen.jar

# --- prebuilt: the jar the host built (.dockerignore lets tool/target/loadgen.jar alone through) ------------
FROM scratch AS prebuilt
COPY tool/target/loadgen.jar /loadgen.jar

# --- jar: the stage that JAR names; BuildKit builds only the stages the runtime needs ----------------------
FROM ${JAR} AS jar

# --- runtime: a JRE only, run as a user without privileges ------------------------------------------------
FROM ${RUNTIME_IMAGE}
ARG RUNTIME_IMAGE
ARG VERSION=0.1.0
# the commit and the repository's address, when the build knows them:
#   docker build --build-arg REVISION=$(git rev-parse HEAD) --build-arg SOURCE=https://... .
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="loadgen" \
      org.opencontainers.image.description="A load generator that simulates realistic human users against microservices, and its demo app" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"
RUN groupadd --system --gid 10001 loadgen \
    && useradd --system --uid 10001 --gid loadgen --home-dir /home/loadgen --create-home --shell /usr/sbin/nologin loadgen \
    && mkdir -p /home/loadgen/results && chown loadgen:loadgen /home/loadgen/results
COPY --from=jar /loadgen.jar /opt/loadgen/loadgen.jar
COPY configs /opt/loadgen/configs
COPY --chmod=755 deploy/docker/loadgen deploy/docker/healthcheck /opt/loadgen/bin/
COPY scripts/lib/jdk.sh scripts/lib/aot.sh /opt/loadgen/lib/
ARG AOT=on
RUN if [ "$AOT" = on ]; then LOADGEN_AOT=make /opt/loadgen/bin/loadgen && rm -rf /tmp/hsperfdata_root; fi
ENV PATH=/opt/loadgen/bin:$PATH \
    LOADGEN_JAR=/opt/loadgen/loadgen.jar
USER 10001:10001
WORKDIR /home/loadgen
# demo 8081-8084, dashboard 8089, Prometheus metrics 9464
EXPOSE 8081 8082 8083 8084 8089 9464
# asks the port that this container's own command serves: a demo service's /health, or a run's /metrics
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["/opt/loadgen/bin/healthcheck"]
ENTRYPOINT ["/opt/loadgen/bin/loadgen"]
CMD ["--help"]
