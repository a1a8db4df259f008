# syntax=docker/dockerfile:1
# Build stage: the .NET SDK restores and publishes the operator.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The operator's RBAC is built into the binary from these files (run --local applies them).
COPY config/rbac/ config/rbac/
RUN dotnet publish src/TenantOperator/TenantOperator.csproj -c Release -o /app --no-self-contained

# Runtime stage: the small ASP.NET Core runtime (the health and metrics endpoints use Kestrel), as a non-root user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_gcServer=0 \
    DOTNET_EnableDiagnostics=0
USER 65532:65532
ENTRYPOINT ["dotnet", "/app/tenant-operator.dll"]
CMD ["run"]
