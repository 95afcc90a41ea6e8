// Stylesheets imported for their side effect (Vite bundles them into the page's CSS files).
declare module '*.css';
