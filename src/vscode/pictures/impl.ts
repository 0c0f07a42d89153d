// dist/pictures.js: the panels behind the picture commands (src/vscode/pictures/index.ts loads it on first use).
import type * as vscode from 'vscode';
import type { SwarmFeed } from './index';
import { TopologyPanels } from './topologyPanel';
import { SwarmVisualizer } from './visualizerPanel';

export interface Pictures extends vscode.Disposable {
  topology: TopologyPanels;
  visualizer: SwarmVisualizer;
  testState(): unknown;
}

export function createPictures(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, feed: SwarmFeed): Pictures {
  const topology = new TopologyPanels(extensionUri, log);
  const visualizer = new SwarmVisualizer(extensionUri, log, feed);
  return {
    topology,
    visualizer,
    testState: () => ({ topology: topology.testState(), visualizer: visualizer.testState() }),
    dispose: () => {
      topology.dispose();
      visualizer.dispose();
    },
  };
}
