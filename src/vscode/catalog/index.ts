export { registerCatalogDefinition, registerCatalogHover } from './hover';
export { NEW_STACK_COMMAND, registerNewStackCommand } from './newStack';
