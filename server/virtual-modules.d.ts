// Provided by @react-router/dev at build time: the app's routes, entry and assets.
declare module "virtual:react-router/server-build";
