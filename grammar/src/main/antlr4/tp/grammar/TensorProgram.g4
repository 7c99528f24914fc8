/*
 * The .tp language (see docs/language.md). No actions: the interpreter's
 * syntax package turns the parse tree into its own AST records.
 */
grammar TensorProgram;

file : (statement | ';')* EOF ;

/** A value on its own, as `--set NAME=VALUE` gives it. */
standalone : expr EOF ;

statement
    : 'program' ID                                                    # programStmt
    | 'param' ID '=' expr                                             # paramStmt
    | 'matrix' target (',' target)* '~' 'N' '(' expr ',' expr ')'     # matrixStmt
    | 'vector' target (',' target)* '~' 'N' '(' expr ',' expr ')'     # vectorStmt
    | 'def' ID '(' idList? ')' '=' expr                               # defExprStmt
    | 'def' ID '(' idList? ')' block                                  # defBlockStmt
    | 'return' expr                                                   # returnStmt
    | 'for' ID 'in' expr '..' expr block                              # forStmt
    | ifStmt                                                          # ifStatement
    | 'import' STRING                                                 # importStmt
    | 'output' outItem (',' outItem)*                                 # outputStmt
    | 'expect' expr ('within' expr)?                                  # expectStmt
    | ID ('[' expr ']')* '=' expr                                     # assignStmt
    ;

ifStmt : 'if' expr block ('else' (block | ifStmt))? ;

block : '{' (statement | ';')* '}' ;

target : ID ('[' expr '..' expr ']')* ;

idList : ID (',' ID)* ;

outItem : expr ('as' ID ('[' expr ']')*)? ;

expr
    : expr '[' expr ']'                                    # indexExpr
    | expr DOT_T                                           # transposeExpr
    | <assoc=right> expr op='^' expr                       # powerExpr
    | op='-' expr                                          # negExpr
    | op='!' expr                                          # notExpr
    | <assoc=right> expr op='@' expr                       # matmulExpr
    | expr op=('*' | '/') expr                             # mulExpr
    | expr op=('+' | '-') expr                             # addExpr
    | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr # compareExpr
    | expr op='&&' expr                                    # andExpr
    | expr op='||' expr                                    # orExpr
    | NUMBER                                               # numberExpr
    | STRING                                               # stringExpr
    | ID '(' ID 'in' expr '..' expr ':' expr ')'           # sumExpr
    | ID '(' (expr (',' expr)*)? ')'                       # callExpr
    | ID                                                   # nameExpr
    | '(' expr ')'                                         # parenExpr
    | '[' expr (',' expr)* ']'                             # listExpr
    ;

DOT_T   : '.T' ;
NUMBER  : DIGITS ('.' DIGITS)? EXPONENT? | '.' DIGITS EXPONENT? ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
ID      : [a-zA-Z_] [a-zA-Z0-9_]* '\''* ;
STRING  : '"' ~["\r\n]* '"' ;
LINE_COMMENT  : '//' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS      : [ \t\r\n]+ -> skip ;
ERRCHAR : . ;
