export { RandomStream, StreamFactory } from './RandomStream';
export { hashString, fmix32, mix } from './hash';
