// The app client as a CloudFormation AWS::Cognito::UserPoolClient resource.
import { z } from 'zod';
import { toYaml } from '../formats/yaml.js';
import { appClientNotes, appClientOptions, resolveAppClient } from './app-client-options.js';
import { banner, defineTarget } from './define.js';

const options = z.strictObject(appClientOptions);

/** A CloudFormation logical ID (alphanumeric) from a client name: "grafana" → "GrafanaUserPoolClient". */
export function logicalId(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
  return `${/^[A-Za-z]/.test(id) ? id : `App${id}`}UserPoolClient`;
}

export const cloudformation = defineTarget({
  name: 'cloudformation',
  title: 'CloudFormation (AWS::Cognito::UserPoolClient)',
  summary: 'A CloudFormation template with the app client a target needs.',
  docs: 'docs/cognito-app-client.md',
  options,
  build(settings, o) {
    const { spec, request } = resolveAppClient(settings, o);
    const id = logicalId(spec.clientName);
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `Cognito app client ${spec.clientName} for user pool ${settings.userPoolId}`,
      Resources: { [id]: { Type: 'AWS::Cognito::UserPoolClient', Properties: request } },
      Outputs: {
        ClientId: { Description: 'The app client ID (settings.clientId)', Value: { Ref: id } },
        ...(spec.generateSecret
          ? {
              ClientSecret: {
                Description: 'The app client secret (settings.clientSecret)',
                Value: { 'Fn::GetAtt': [id, 'ClientSecret'] },
              },
            }
          : {}),
      },
    };
    return {
      files: [
        {
          path: 'user-pool-client.cfn.yaml',
          format: 'yaml',
          contents: toYaml(template, banner('the Cognito app client (CloudFormation)')),
          description: 'Deploy with aws cloudformation deploy, or copy the resource into your template.',
        },
      ],
      callbackUrls: spec.callbackUrls,
      logoutUrls: spec.logoutUrls,
      notes: [
        `aws cloudformation deploy --template-file user-pool-client.cfn.yaml --stack-name ${id.replace(/UserPoolClient$/, '').toLowerCase()}-cognito-client --region ${settings.region}`,
        ...appClientNotes(spec),
      ],
      json: template,
      appClient: spec,
    };
  },
});
