/** The name of the export that the module hooks append to every RTS module (see hooks.ts). */
export const BINDING_ACCESSOR = "__rts_binding__";
