// The plugin installed the way a user installs it: enabled here, configured from the environment.
module.exports = ({ env }) => ({
  // UP_JWT_MANAGEMENT=refresh switches users-permissions to access + refresh tokens (the packed-install test does).
  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET'), jwtManagement: env('UP_JWT_MANAGEMENT', 'legacy-support') },
  },
  graphql: { enabled: true, config: { landingPage: false, depthLimit: 10, defaultLimit: 25, maxLimit: 100 } },
  'cognito-connect': {
    enabled: true,
    config: {
      userPoolId: env('COGNITO_USER_POOL_ID'),
      domain: env('COGNITO_DOMAIN'),
      clientId: env('COGNITO_CLIENT_ID'),
      clientSecret: env('COGNITO_CLIENT_SECRET'),
      // Only for the emulator: real pools derive the issuer from userPoolId.
      issuer: env('COGNITO_ISSUER'),
      transactionSecret: env('COGNITO_TRANSACTION_SECRET'),
      allowedRedirectOrigins: env.array('FRONTEND_ORIGINS', []),
      // Test suites vary groupRoles, requiredGroups, ... through one JSON variable.
      ...env.json('COGNITO_CONNECT_OPTIONS', {}),
    },
  },
});
