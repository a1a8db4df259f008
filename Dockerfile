# syntax=docker/dockerfile:1
# The operator's image, for one architecture or several:
#   docker build -t IMG .
#   docker buildx build --platform linux/amd64,linux/arm64 -t IMG --push .
# The build stage runs on the builder's own platform (no emulation) and cross-publishes for TARGETARCH, which .NET's
# -a accepts as Docker spells it (amd64, arm64). The compile is `make publish`, the very target CI runs (.ci/run),
# so the step that builds the image is the tested one.
#
# Base images are pinned by exact version tag: the SDK this repository builds with (global.json allows 10.0.100
# and later feature bands) and the runtime it tests on. To pin by digest as well, append @sha256:... as
# `docker buildx imagetools inspect <image:tag>` prints it.

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
# make runs the repository's own targets below; the SDK image has no make of its own.
RUN apt-get update \
 && apt-get install -y --no-install-recommends make \
 && rm -rf /var/lib/apt/lists/*
ARG TARGETARCH
WORKDIR /src

# Restore in a layer of its own that only the project files and the package versions invalidate, so a change to
# the code reuses the restored packages. Every project the operator references is listed here.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Makefile ./
COPY src/TenantOperator.ApiMachinery/TenantOperator.ApiMachinery.csproj src/TenantOperator.ApiMachinery/
COPY src/TenantOperator.Core/TenantOperator.Core.csproj src/TenantOperator.Core/
COPY src/TenantOperator.LocalApiServer/TenantOperator.LocalApiServer.csproj src/TenantOperator.LocalApiServer/
COPY src/TenantOperator/TenantOperator.csproj src/TenantOperator/
RUN make restore ARCH=$TARGETARCH

COPY src/ src/
# The operator's RBAC is built into the binary from these files (run --local applies them).
COPY config/rbac/ config/rbac/
RUN make publish ARCH=$TARGETARCH NO_RESTORE=1 PUBLISH_DIR=/app

# Runtime: Ubuntu chiseled ASP.NET Core runtime (the health and metrics endpoints use Kestrel): no shell, no
# package manager, and a non-root user (app, uid 1654) that the Deployment's runAsNonRoot can check by number.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_gcServer=0 \
    DOTNET_EnableDiagnostics=0
USER 1654:1654
ENTRYPOINT ["dotnet", "/app/tenant-operator.dll"]
CMD ["run"]
