using TenantOperator.Cli;

return await TenantOperatorCli.RunAsync(args);
